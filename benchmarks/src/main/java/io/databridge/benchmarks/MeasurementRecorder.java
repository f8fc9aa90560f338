package io.databridge.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

	private static final String COLLAPSED = ".collapsed";

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
		Path base = base(this.directory, workload, subject, round);
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
			profiler.execute("dump,collapsed,file=" + base + COLLAPSED);
			profiler.execute("dump,flamegraph,file=" + base + ".html");
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not profile into " + base, ex);
		}
	}

	/**
	 * Returns the collapsed stacks recorded for a contender in a workload, one file per
	 * round.
	 * @param directory the directory the recorder wrote into
	 * @param workload the workload's name
	 * @param subject the contender's name
	 * @return the files, empty when the contender was not profiled
	 */
	public static List<Path> collapsedStacks(Path directory, String workload, String subject) {
		Path folder = directory.resolve(workload);
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		Pattern name = Pattern.compile(Pattern.quote(subject) + "-\\d+" + Pattern.quote(COLLAPSED));
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((file) -> name.matcher(file.getFileName().toString()).matches()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list the profiles in " + folder, ex);
		}
	}

	private static Path base(Path directory, String workload, String subject, int round) {
		return directory.resolve(workload).resolve(subject + "-" + round);
	}

}
