package io.sensorbridge;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.main.MainSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ctrl-C (SIGINT) and SIGTERM stop the application gracefully, and the log says which it was: the bridge takes no
 * new message, writes and acknowledges the ones in flight, the clients disconnect, the broker stops. Camel's own
 * JVM shutdown hook cannot tell the signals apart (it says "SIGTERM" for a Ctrl-C, and for the JVM's exit after a
 * failed start), so the signals are handled here (sun.misc.Signal). Any other end of the JVM while the application
 * runs (SIGHUP, a terminal closed) still stops it gracefully through a shutdown hook.
 */
final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
    /** How long the JVM's shutdown may wait for the stop: camel.main.shutdown-timeout (10 s) and the broker's. */
    private static final long JVM_EXIT_WAIT_SECONDS = 60;

    private final MainSupport main;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile int signal;

    private GracefulStop(MainSupport main) {
        this.main = main;
    }

    /** Handles Ctrl-C and SIGTERM for {@code main} from now on; call {@link #ended()} when its run returns. */
    static GracefulStop install(MainSupport main) {
        GracefulStop stop = new GracefulStop(main);
        stop.handle("INT", 2, "Ctrl-C");
        stop.handle("TERM", 15, "SIGTERM");
        Runtime.getRuntime().addShutdownHook(new Thread(stop::jvmEnding, "sensor-bridge-stop"));
        return stop;
    }

    /**
     * {@code sun.misc.Signal.handle(new Signal(name), handler)}, reached by reflection: a direct use costs the first
     * build of {@code mvn compile camel:run} four lines of javac warning on the first screen (jdk.unsupported's API,
     * "may be removed": there since Java 9, still in 25).
     */
    private void handle(String name, int number, String said) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object onSignal = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            requested(number, said);
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "sensor-bridge graceful stop on " + name;
                    });
            signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class)
                    .newInstance(name), onSignal);
        } catch (InvocationTargetException reserved) {
            // the JVM keeps this signal (-Xrs): it then ends the JVM, and the shutdown hook stops the application
        } catch (ReflectiveOperationException noSunMiscSignal) {
            LOG.debug("No sun.misc.Signal: {} stops the application through the shutdown hook", said);
        }
    }

    private synchronized void requested(int number, String said) {
        if (signal != 0) {
            // the stop is under way, and bounded by camel.main.shutdown-timeout; a tool such as timeout(1) signals
            // the process and then its group, so the same stop may be asked for twice
            return;
        }
        signal = number;
        LOG.info("{}: stopping; readings in flight are written and acknowledged first", said);
        main.completed();
    }

    /** The run has returned (or failed): nothing is left to stop. */
    void ended() {
        ended.countDown();
    }

    /** 128 + the signal that stopped the application (130 Ctrl-C, 143 SIGTERM), as if it had ended the JVM; else 0. */
    int exitCode() {
        return signal == 0 ? 0 : 128 + signal;
    }

    private void jvmEnding() {
        if (ended.getCount() == 0) {
            return;
        }
        LOG.info("The JVM is ending: stopping; readings in flight are written and acknowledged first");
        main.completed();
        try {
            ended.await(JVM_EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
