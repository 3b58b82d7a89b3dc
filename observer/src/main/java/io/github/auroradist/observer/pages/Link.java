package io.github.auroradist.observer.pages;

/** A link for a template: {@code href} an already built path, {@code text} what it shows. */
public record Link(String href, String text) {}
