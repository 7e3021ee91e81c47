package io.sensorbridge.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code sensorbridge_disk_free_bytes}: what is left for the readings, on the disk of {@code bridge.output.dir}. */
public final class FreeDisk {

    private FreeDisk() {
    }

    public static void register(MeterRegistry meters, Path outputDir) {
        Path absolute = outputDir.toAbsolutePath();
        Gauge.builder("sensorbridge.disk.free", () -> usableBytes(absolute)).baseUnit("bytes")
                .description("Bytes free for this user on the disk that holds bridge.output.dir").register(meters);
    }

    private static double usableBytes(Path dir) {
        // the folder may not exist yet: its nearest existing parent is on the same disk
        for (Path at = dir; at != null; at = at.getParent()) {
            if (Files.exists(at)) {
                try {
                    return Files.getFileStore(at).getUsableSpace();
                } catch (IOException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }
}
