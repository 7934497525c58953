package io.creditwatch.metrics.monitoring;

/**
 * The applicants of the drift window that the champion and the challenger decide differently at the
 * cut-off: swapped in (the challenger approves, the champion declines) and swapped out (the
 * reverse), as shares of the window's predictions that the challenger scored too.
 */
public record SwapSet(long predictions, long swapIn, long swapOut) {

    public double swapInShare() {
        return (double) swapIn / predictions;
    }

    public double swapOutShare() {
        return (double) swapOut / predictions;
    }
}
