package io.databridge.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import one.profiler.AsyncProfiler;
import org.jspecify.annotations.Nullable;

/**
 * Profiles measurements with async-profiler, one profile per workload, contender and
 * round, so that contenders measured in the same JVM can be told apart: a sample every
 * millisecond of the event asked for ({@code itimer}, CPU time, by default, which needs
 * no privileges), written to {@code <directory>/<workload>/<contender>-<round>} as
 * collapsed stacks ({@code .collapsed}, one line per stack with its sample count) and as
 * a flame graph ({@code .html}).
 *
 * @author Databridge team
 */
public final class MeasurementRecorder {

	private final @Nullable Path directory;

	private final String event;

	private MeasurementRecorder(@Nullable Path directory, String event) {
		this.directory = directory;
		this.event = event;
	}

	/**
	 * Returns a recorder that writes into the given directory, or records nothing when it
	 * is {@code null}.
	 * @param directory where profiles go
	 * @param event the async-profiler event to sample, such as {@code itimer},
	 * {@code cpu}, {@code wall} or {@code alloc}
	 * @return the recorder
	 */
	public static MeasurementRecorder into(@Nullable Path directory, String event) {
		return new MeasurementRecorder(directory, event);
	}

	/**
	 * Runs one measurement, profiling it when this recorder has a directory.
	 * @param <T> what the measurement returns
	 * @param workload the workload's name
	 * @param subject the contender's name
	 * @param round the round, from 1
	 * @param measurement the measurement
	 * @return what the measurement returned
	 */
	public <T> T record(String workload, String subject, int round, Supplier<T> measurement) {
		if (this.directory == null) {
			return measurement.get();
		}
		Path base = this.directory.resolve(workload).resolve(subject + "-" + round);
		AsyncProfiler profiler = AsyncProfiler.getInstance();
		try {
			Files.createDirectories(base.getParent());
			profiler.execute("start,event=" + this.event + ",interval=1ms");
			T result;
			try {
				result = measurement.get();
			}
			finally {
				profiler.execute("stop");
			}
			profiler.execute("dump,collapsed,file=" + base + ".collapsed");
			profiler.execute("dump,flamegraph,file=" + base + ".html");
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not profile into " + base, ex);
		}
	}

}
