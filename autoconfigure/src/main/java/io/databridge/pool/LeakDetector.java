package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.databridge.query.SqlMasker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Logs a warning, naming the pool and the code that acquired it, for every connection
 * held longer than the leak detection threshold; and logs again, at INFO, when such a
 * connection is given back after all.
 * <p>
 * Where the connection was acquired is the stack of the thread that subscribed to
 * {@code create()}, which names the caller when it subscribes directly (a blocking call,
 * a test, a scheduled job); in reactive pipelines the stack is mostly operators, so the
 * warning also shows the last statement run on the connection, literals masked.
 *
 * @author Databridge team
 */
final class LeakDetector {

	private static final Log logger = LogFactory.getLog(LeakDetector.class);

	private static final String[] FRAMEWORK_PACKAGES = { "java.", "jdk.", "sun.", "reactor.", "io.netty.", "io.r2dbc.",
			"io.databridge.pool.", "io.databridge.query.", "org.springframework.", "org.reactivestreams.",
			"io.micrometer.", "kotlinx.", "kotlin." };

	private static final Watch NONE = () -> {
	};

	private final String poolName;

	private final @Nullable Duration threshold;

	private final Scheduler scheduler;

	private final Runnable onLeak;

	LeakDetector(String poolName, @Nullable Duration threshold, Runnable onLeak) {
		this.poolName = poolName;
		this.threshold = threshold;
		this.scheduler = Schedulers.parallel();
		this.onLeak = onLeak;
	}

	boolean isEnabled() {
		return this.threshold != null;
	}

	/**
	 * Returns where a connection is being acquired from, when leaks are watched for.
	 * @return the acquisition site, or {@code null}
	 */
	@Nullable AcquisitionSite site() {
		return isEnabled() ? new AcquisitionSite(Thread.currentThread().getName()) : null;
	}

	/**
	 * Starts watching a connection just handed out.
	 * @param site where it was acquired
	 * @param lastStatement supplies the last statement run on the connection
	 * @return the watch to end when the connection is given back
	 */
	Watch watch(@Nullable AcquisitionSite site, Supplier<@Nullable String> lastStatement) {
		Duration threshold = this.threshold;
		if (threshold == null || site == null) {
			return NONE;
		}
		long acquired = System.nanoTime();
		LeakReport report = new LeakReport(site, lastStatement, acquired);
		Disposable timer = this.scheduler.schedule(report::warn, threshold.toMillis(), TimeUnit.MILLISECONDS);
		return () -> {
			timer.dispose();
			report.returned();
		};
	}

	static String caller(StackTraceElement[] stack) {
		for (StackTraceElement element : stack) {
			if (!isFramework(element.getClassName())) {
				return element.toString();
			}
		}
		return "(no application frame on the acquiring thread's stack)";
	}

	private static boolean isFramework(String className) {
		for (String prefix : FRAMEWORK_PACKAGES) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The end of watching one connection.
	 */
	@FunctionalInterface
	interface Watch {

		void end();

	}

	/**
	 * The stack of the thread that asked for a connection, logged as the cause of a leak
	 * warning.
	 */
	static final class AcquisitionSite extends Throwable {

		AcquisitionSite(String thread) {
			super("Connection acquired here, on thread " + thread);
		}

	}

	private final class LeakReport {

		private final AcquisitionSite site;

		private final Supplier<@Nullable String> lastStatement;

		private final long acquiredNanos;

		private volatile boolean reported;

		LeakReport(AcquisitionSite site, Supplier<@Nullable String> lastStatement, long acquiredNanos) {
			this.site = site;
			this.lastStatement = lastStatement;
			this.acquiredNanos = acquiredNanos;
		}

		void warn() {
			this.reported = true;
			LeakDetector.this.onLeak.run();
			String sql = this.lastStatement.get();
			logger.warn("[" + LeakDetector.this.poolName + "] Possible connection leak: a connection has been held for "
					+ LeakDetector.this.threshold + " (databridge.pool.leak-detection-threshold) and not returned. "
					+ "Acquired by " + caller(this.site.getStackTrace()) + "; last statement: "
					+ ((sql != null) ? SqlMasker.abbreviate(SqlMasker.mask(sql), 200) : "none"), this.site);
		}

		void returned() {
			if (this.reported) {
				long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.acquiredNanos);
				logger.info("[" + LeakDetector.this.poolName
						+ "] A connection reported as a possible leak was returned " + "after " + heldMillis + "ms");
			}
		}

	}

}
