package io.sensorbridge;

import java.util.concurrent.TimeUnit;

import io.sensorbridge.broker.EmbeddedBroker;
import io.sensorbridge.support.OutputFiles;
import io.sensorbridge.support.TestApplication;
import io.sensorbridge.verify.ReadingsVerifier;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker goes away while the simulator runs: its readings wait in the simulator's buffer and leave on
 * reconnect, so the bridge's files show no gap in seq.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorBufferTest extends BootedApplication {

    private static final TestApplication APP = TestApplication.use("buffer")
            .set("broker.embedded.enabled", "false")
            .set("simulator.period", "50");
    private static EmbeddedBroker broker = APP.startOwnBroker();

    @AfterAll
    void stopBroker() {
        broker.stop();
    }

    @Override
    TestApplication app() {
        return APP;
    }

    @Test
    void should_send_what_it_buffered_while_the_broker_was_down() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        await().atMost(30, TimeUnit.SECONDS).until(() -> OutputFiles.lines(APP.readings).size() >= 10);

        broker.stop();
        NotifyBuilder whileDown = new NotifyBuilder(context).fromRoute("simulator").whenCompleted(40).create();
        assertTrue(whileDown.matches(30, TimeUnit.SECONDS), "the simulator kept producing while the broker was down");
        long writtenBefore = OutputFiles.lines(APP.readings).size();
        broker = APP.startOwnBroker();

        await().atMost(60, TimeUnit.SECONDS).until(() -> OutputFiles.lines(APP.readings).size() >= writtenBefore + 40);
        ReadingsVerifier.Report report = ReadingsVerifier.verify(APP.readings);
        assertEquals(0, report.missing(), report.summary());
        System.out.println("simulator buffer: " + report.summary());
    }
}
