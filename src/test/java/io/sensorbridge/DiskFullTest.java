package io.sensorbridge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sensorbridge.files.GroupCommitWriter;
import io.sensorbridge.support.HttpGet;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.PrometheusText;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.support.TestMqttClient;
import io.sensorbridge.verify.ReadingsVerifier;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The output disk fills up (a real 256 KiB tmpfs): the bridge pauses with one error line per retry and
 * acknowledges nothing, readiness answers 503 (the file-writer check) while liveness stays 200, and once there is room
 * again every reading is written and readiness is back to 200.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskFullTest extends BootedApplication {

    private static final int READINGS = 200;
    private static final TestApplication APP = TestApplication.use("full")
            .set("simulator.enabled", "false")
            .set("bridge.topic", "full/readings")
            .set("bridge.log-level", "OFF");
    private static final Path DISK = APP.dir.resolve("small-disk");
    private static final boolean MOUNTED = mountSmallDisk();

    private static boolean mountSmallDisk() {
        try {
            Files.createDirectories(DISK);
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", DISK.toString())
                    .inheritIO().start();
            boolean mounted = mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
            APP.set("bridge.output.dir", DISK.resolve("readings").toString());
            return mounted;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @AfterAll
    void unmount() throws Exception {
        if (MOUNTED) {
            new ProcessBuilder("umount", "-l", DISK.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_pause_while_the_disk_is_full_and_write_everything_once_there_is_room() throws Exception {
        assumeTrue(MOUNTED, "needs root to mount a small tmpfs");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(GroupCommitWriter.class)).addAppender(log);
        Path filler = fillUp(DISK.resolve("filler"));
        TestApplication.awaitBridgeSubscribed(context);

        try (TestMqttClient publisher = new TestMqttClient(APP.brokerUrl(), "full-publisher", true)) {
            for (int seq = 1; seq <= READINGS; seq++) {
                publisher.publish("full/readings", "{\"sensor\":\"f\",\"run\":\"r\",\"seq\":" + seq + ",\"temperature\":1}", 1);
            }
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> log.list.stream()
                .anyMatch(e -> e.getFormattedMessage().contains("Consumption is paused")));
        assertEquals(0, OutputFiles.lines(DISK.resolve("readings")).size(), "nothing written while full");
        await().atMost(10, TimeUnit.SECONDS).until(() -> HttpGet.status(APP.http("/observe/health/ready")) == 503);
        assertTrue(HttpGet.body(APP.http("/observe/health?exposureLevel=full"))
                .contains("{\"name\":\"file-writer\",\"status\":\"DOWN\""), "the writer's check is down");
        assertEquals(200, HttpGet.status(APP.http("/observe/health/live")));
        assertEquals(1, PrometheusText.parse(HttpGet.body(APP.http("/observe/metrics"))).value("sensorbridge_writer_paused"));

        Files.delete(filler);

        await().atMost(90, TimeUnit.SECONDS).until(() -> OutputFiles.lines(DISK.resolve("readings")).size() >= READINGS);
        ReadingsVerifier.Report report = ReadingsVerifier.verify(DISK.resolve("readings"));
        assertEquals(0, report.missing(), report.summary());
        assertEquals(0, report.unreadable(), "no torn line: " + report.summary());
        await().atMost(10, TimeUnit.SECONDS).until(() -> HttpGet.status(APP.http("/observe/health/ready")) == 200);
    }

    private static Path fillUp(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            return filler;
        }
    }
}
