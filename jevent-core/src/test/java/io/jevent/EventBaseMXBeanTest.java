package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** A base's metrics over JMX, read through the platform MBean server as jconsole would. */
class EventBaseMXBeanTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void aRegisteredBaseShowsItsMetricsAndDisappearsWhenClosed() throws Exception {
        ObjectName name;
        try (EventBase base = EventBase.builder().collectTimings(true).build()) {
            name = new ObjectName(base.registerMBean("mxbean-test"));
            assertThat(name.toString()).isEqualTo("io.jevent:type=EventBase,name=mxbean-test");
            assertThat(server.isRegistered(name)).isTrue();

            base.newTimer((ev, what) -> { }).add(Duration.ofHours(1));
            for (int i = 0; i < 2; i++) {
                base.newTimer((ev, what) -> { }).activate(Ev.TIMEOUT);
            }
            base.loop(EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK);

            assertThat(server.getAttribute(name, "Callbacks")).isEqualTo(2L);
            assertThat(server.getAttribute(name, "Iterations")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "PendingTimers")).isEqualTo(1);
            assertThat(server.getAttribute(name, "RegisteredEvents")).isEqualTo(1);
            assertThat(server.getAttribute(name, "TimingsCollected")).isEqualTo(true);
            assertThat(server.getAttribute(name, "ActivePerIteration")).isEqualTo(2.0);
            EventBaseMXBean proxy = JMX.newMXBeanProxy(server, name, EventBaseMXBean.class);
            assertThat(proxy.getMaxActivePerIteration()).isEqualTo(2);
            assertThat(proxy.getCallbackNanos()).isPositive();
            assertThat(proxy.getWaitNanos()).isNotNegative();
        }
        assertThat(server.isRegistered(name)).as("unregistered by close()").isFalse();
    }

    @Test
    void misuseIsRefusedWithTheFix() {
        try (EventBase a = new EventBase(); EventBase b = new EventBase()) {
            a.registerMBean("mxbean-twice");
            assertThatThrownBy(() -> a.registerMBean("other")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already registered as io.jevent:type=EventBase,name=mxbean-twice");
            assertThatThrownBy(() -> b.registerMBean("mxbean-twice")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("give each base its own name");
            assertThatThrownBy(() -> b.registerMBean("a,b")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ObjectName.quote");
            assertThatThrownBy(() -> b.registerMBean("any*")).isInstanceOf(IllegalArgumentException.class);
            assertThat(b.registerMBean(ObjectName.quote("a,b"))).isEqualTo("io.jevent:type=EventBase,name=\"a,b\"");
        }
        EventBase closed = new EventBase();
        closed.close();
        assertThatThrownBy(() -> closed.registerMBean("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
