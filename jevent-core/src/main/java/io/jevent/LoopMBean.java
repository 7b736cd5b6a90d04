package io.jevent;

import io.jevent.internal.EventLoop;
import io.jevent.internal.LoopCounters;
import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The {@link EventBaseMXBean} of one base, and its registration on the platform MBean server.
 * Every getter reads one counter: a JMX client that polls a few attributes does not build a whole
 * {@link LoopMetrics} for each.
 */
final class LoopMBean implements EventBaseMXBean {
    private final EventLoop loop;
    private final LoopCounters c;
    private final ObjectName name;

    private LoopMBean(EventLoop loop, ObjectName name) {
        this.loop = loop;
        this.c = loop.counters();
        this.name = name;
    }

    /** Registers the metrics of {@code loop} as {@code io.jevent:type=EventBase,name=<name>}. */
    static LoopMBean register(EventLoop loop, String name) {
        ObjectName objectName;
        try {
            objectName = new ObjectName("io.jevent:type=EventBase,name=" + name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("\"" + name + "\" cannot be a JMX name value (it may not contain"
                    + " , = : \" * ? or newlines): choose another, or pass ObjectName.quote(name)", e);
        }
        if (objectName.isPattern()) {
            throw new IllegalArgumentException("\"" + name + "\" is a JMX pattern, not a name: drop * and ?");
        }
        LoopMBean bean = new LoopMBean(loop, objectName);
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, objectName);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException(objectName + " is already registered, by another EventBase: give"
                    + " each base its own name", e);
        } catch (JMException e) {
            throw new IllegalStateException("could not register " + objectName + ": " + e, e);
        }
        return bean;
    }

    ObjectName name() {
        return name;
    }

    /** Unregisters; a bean someone else already removed is fine. */
    void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
            // Unregistered behind our back (by a JMX client): nothing left to do.
        } catch (JMException e) {
            throw new IllegalStateException("could not unregister " + name + ": " + e, e);
        }
    }

    @Override
    public long getIterations() {
        return c.iterations();
    }

    @Override
    public long getCallbacks() {
        return c.callbacks();
    }

    @Override
    public double getActivePerIteration() {
        long iterations = c.iterations();
        return iterations == 0 ? 0 : c.activeTotal() / (double) iterations;
    }

    @Override
    public int getMaxActivePerIteration() {
        return c.activeMax();
    }

    @Override
    public int getRegisteredEvents() {
        return loop.eventCount(EventLoop.COUNT_ADDED);
    }

    @Override
    public int getActiveEvents() {
        return loop.eventCount(EventLoop.COUNT_ACTIVE);
    }

    @Override
    public int getPendingTimers() {
        return loop.timerCount();
    }

    @Override
    public boolean isTimingsCollected() {
        return loop.collectsTimings();
    }

    @Override
    public long getCallbackNanos() {
        return c.callbackNanos();
    }

    @Override
    public long getMaxCallbackNanos() {
        return c.callbackMaxNanos();
    }

    @Override
    public long getWaitNanos() {
        return c.waitNanos();
    }

    @Override
    public long getAverageLagNanos() {
        long timed = c.timedCallbacks();
        return timed == 0 ? 0 : c.lagNanos() / timed;
    }

    @Override
    public long getMaxLagNanos() {
        return c.lagMaxNanos();
    }

    @Override
    public long getSlowCallbacks() {
        return c.slowCallbacks();
    }

    @Override
    public long getStalls() {
        return c.stalls();
    }
}
