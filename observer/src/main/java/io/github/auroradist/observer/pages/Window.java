package io.github.auroradist.observer.pages;

import io.github.auroradist.observer.sandbox.FileWindow;

/**
 * A window of a file as a page shows it, with links to its neighbours.
 *
 * @param self the page's own path (built with {@link Links}), for the paging links
 * @param download the raw download's path, or null
 * @param length the window length the links keep
 * @param followable whether to offer following the end (a live log)
 * @param following whether this page is the followed end: it reloads itself every few seconds
 */
public record Window(String self, String download, FileWindow window, long length, boolean followable,
    boolean following) {

  /** "Bytes 0 to 14 of 20 (20 B)." */
  public String summary() {
    return window.fileSize() == 0 ? "The file is empty." : "Bytes " + window.offset() + " to " + window.end()
        + " of " + window.fileSize() + " (" + Format.bytes(window.fileSize()) + ").";
  }

  public String at(long offset) {
    return self + "?offset=" + offset + "&length=" + length;
  }

  public String previous() {
    return at(Math.max(0, window.offset() - length));
  }

  public String end() {
    return self + "?length=" + length + "#end";
  }

  public String follow() {
    return self + "?length=" + length + "&follow=1#end";
  }
}
