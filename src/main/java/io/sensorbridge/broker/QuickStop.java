package io.sensorbridge.broker;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.inject.Injector;
import com.hivemq.bootstrap.netty.NettyConfiguration;
import com.hivemq.common.shutdown.HiveMQShutdownHook;
import com.hivemq.common.shutdown.ShutdownHooks;
import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.persistence.connection.ConnectionPersistence;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ's stop in well under a second instead of four (most of a Ctrl-C's wait). Its stop sits out two fixed
 * waits of two seconds each, found with its own trace log: its Netty shutdown hook stops the network threads with
 * {@code shutdownGracefully(2, 60, SECONDS)}, whose quiet period the threads wait out even when nothing comes; then
 * its persistence waits {@code PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC} (2000) for tasks "that could just get
 * enqueued" before it closes the stores. Both waits come after every client has been disconnected and the listener
 * closed, so nothing can arrive from the network during them. Here the grace period is {@link #WAIT_MILLIS} and the
 * Netty hook is replaced by the same steps with a quiet period of {@link #WAIT_MILLIS}.
 * <p>
 * These are HiveMQ's internal settings and classes (as in {@link PersistenceLayout}), for the pinned version: if the
 * hook cannot be replaced, HiveMQ's own stays, slower and as safe. {@code EmbeddedBrokerRestartTest} checks that the
 * stop is quick and keeps what was queued.
 */
final class QuickStop {

    static final int WAIT_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(QuickStop.class);
    private static final String NETTY_HOOK = "Netty Shutdown";

    private QuickStop() {
    }

    /** Before the broker is built: the persistence's grace period (a static HiveMQ reads when it builds). */
    static void beforeBuild() {
        InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(WAIT_MILLIS);
    }

    /** Once the broker has started: its Netty shutdown hook replaced by one with a short quiet period. */
    static void afterStart(EmbeddedHiveMQ hivemq) {
        try {
            Method getInjector = hivemq.getClass().getDeclaredMethod("getInjector");
            getInjector.setAccessible(true);
            Injector injector = (Injector) getInjector.invoke(hivemq);
            ShutdownHooks hooks = injector.getInstance(ShutdownHooks.class);
            List<HiveMQShutdownHook> netty = hooks.getShutdownHooks().values().stream()
                    .filter(hook -> hook.name().equals(NETTY_HOOK)).toList();
            if (netty.size() != 1) {
                LOG.debug("HiveMQ has {} hooks named '{}': its stop stays as it is", netty.size(), NETTY_HOOK);
                return;
            }
            HiveMQShutdownHook quick = nettyHook(injector.getInstance(NettyConfiguration.class),
                    injector.getInstance(ConnectionPersistence.class));
            hooks.remove(netty.get(0));
            hooks.add(quick);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("HiveMQ's stop stays as it is: {}", e.toString());
        }
    }

    /** HiveMQ's NettyShutdownHook (2025.5) with {@link #WAIT_MILLIS} of quiet instead of 2 s. */
    private static HiveMQShutdownHook nettyHook(NettyConfiguration netty, ConnectionPersistence connections) {
        return new HiveMQShutdownHook() {
            @Override
            public String name() {
                return NETTY_HOOK;
            }

            @Override
            public Priority priority() {
                return Priority.MEDIUM;
            }

            @Override
            public void run() {
                try {
                    // the listener closed, then every client disconnected, as HiveMQ's hook does it
                    connections.shutDown().get(InternalConfigurations.CONNECTION_PERSISTENCE_SHUTDOWN_TIMEOUT_SEC,
                            TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    LOG.warn("Embedded MQTT broker: clients not all disconnected at its stop: {}", e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    connections.interruptShutdown();
                }
                long timeout = TimeUnit.SECONDS.toMillis(InternalConfigurations.EVENT_LOOP_GROUP_SHUTDOWN_TIMEOUT_SEC);
                Future<?> workers = netty.getChildEventLoopGroup()
                        .shutdownGracefully(WAIT_MILLIS, timeout, TimeUnit.MILLISECONDS);
                Future<?> boss = netty.getParentEventLoopGroup()
                        .shutdownGracefully(WAIT_MILLIS, timeout, TimeUnit.MILLISECONDS);
                workers.syncUninterruptibly();
                boss.syncUninterruptibly();
            }
        };
    }
}
