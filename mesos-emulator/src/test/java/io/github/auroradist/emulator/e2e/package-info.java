/**
 * End-to-end tests that drive the emulator with the real Mesos clients (aurora-mesos) and a test
 * executor built on them. Reserved for those tests; the emulator's own tests speak raw HTTP.
 */
package io.github.auroradist.emulator.e2e;
