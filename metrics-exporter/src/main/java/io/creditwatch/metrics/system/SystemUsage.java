package io.creditwatch.metrics.system;

import com.sun.management.OperatingSystemMXBean;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;

/** Host CPU, memory and disk usage as the JVM sees them; NaN where the platform does not say. */
public final class SystemUsage {

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private final File disk;

    public SystemUsage(String diskPath) {
        this.disk = new File(diskPath);
    }

    /** CPU busy share of the whole host since the previous call, in percent. */
    public double cpuPercent() {
        double load = os.getCpuLoad();
        return load < 0 ? Double.NaN : 100 * load;
    }

    /**
     * Memory in use, in percent: on Linux {@code 1 - MemAvailable / MemTotal} (page cache that can
     * be reclaimed is not "used"), elsewhere what the JVM reports as free.
     */
    public double memoryPercent() {
        try {
            long total = -1;
            long available = -1;
            for (String line : Files.readAllLines(MEMINFO)) {
                if (line.startsWith("MemTotal:")) {
                    total = kilobytes(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kilobytes(line);
                }
            }
            if (total > 0 && available >= 0) {
                return 100.0 * (total - available) / total;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through to the JVM's view
        }
        long total = os.getTotalMemorySize();
        return total <= 0 ? Double.NaN : 100.0 * (total - os.getFreeMemorySize()) / total;
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** Disk usage as {@code df} reports it: used blocks over used plus those available to users. */
    public double diskPercent() {
        long used = disk.getTotalSpace() - disk.getFreeSpace();
        long available = disk.getUsableSpace();
        return used + available <= 0 ? Double.NaN : 100.0 * used / (used + available);
    }

    public double uptimeSeconds() {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    }
}
