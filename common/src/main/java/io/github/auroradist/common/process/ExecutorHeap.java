package io.github.auroradist.common.process;

/**
 * How large the Thermos executor's heap must be for a task's executor data. The executor holds the data several
 * times over while it starts the task (the Mesos event, the bytes, the JSON tree, the config built from it), so a
 * fixed small heap that suits ordinary tasks runs out for a large one. The scheduler sizes each executor's heap
 * with {@link #option}; the executor refuses data its heap cannot hold with a message instead of running out.
 */
public final class ExecutorHeap {
  /**
   * The environment variable the packaged thermos_executor launcher appends to its JVM options (after its
   * defaults, so that the {@code -Xmx} in it wins).
   */
  public static final String VARIABLE = "THERMOS_EXECUTOR_JAVA_OPTS_EXTRA";
  /** The heap an executor needs besides the task's data, as the launcher's default {@code -Xmx32m}. */
  public static final long BASE_MIB = 32;
  /** How many bytes of heap starting a task takes per byte of its executor data. */
  public static final long BYTES_PER_DATA_BYTE = 12;

  private ExecutorHeap() {
  }

  /** The heap, in MiB, for a task whose executor data has {@code dataBytes}. */
  public static long neededMib(long dataBytes) {
    return BASE_MIB + ((dataBytes * BYTES_PER_DATA_BYTE + (1 << 20) - 1) >> 20);
  }

  /** The JVM option that gives an executor the heap for {@code dataBytes} of executor data. */
  public static String option(long dataBytes) {
    return "-Xmx" + neededMib(dataBytes) + "m";
  }

  /** Why a heap of {@code maxHeapBytes} cannot start a task with {@code dataBytes} of data, or null if it can. */
  public static String tooSmall(long maxHeapBytes, long dataBytes) {
    if (maxHeapBytes >= dataBytes * BYTES_PER_DATA_BYTE) {
      return null;
    }
    return "the task's executor data is " + (dataBytes >> 10) + " KiB, more than this executor's heap of "
        + (maxHeapBytes >> 20) + " MiB can hold (it needs about " + neededMib(dataBytes) + " MiB); the scheduler"
        + " sizes the heap through " + VARIABLE + ", which the command in -thermos_executor_path must pass to"
        + " java (the packaged thermos_executor does), or make the task's configuration smaller";
  }
}
