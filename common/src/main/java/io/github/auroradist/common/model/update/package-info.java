/**
 * The model of rolling job updates, shared by the scheduler (which runs them) and the client (which
 * starts and shows them). Names follow Aurora's: {@code JobUpdateSettings}, {@code JobUpdateStatus},
 * {@code JobUpdateAction} and the rest, so that Aurora's documentation reads true here.
 */
package io.github.auroradist.common.model.update;
