package io.databridge.benchmarks.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The profile samples of one contender in one workload, summed over its rounds and
 * charged to {@link CpuLayer layers}. A sample is charged to the kernel when its leaf
 * frame is a system call (a C library wrapper such as {@code send} or {@code epoll_wait},
 * or a {@code _[k]} kernel frame), to the JVM when its thread runs no Java code, and
 * otherwise to the innermost frame that belongs to a known library: time in the JDK goes
 * to whoever called it.
 *
 * @author Databridge team
 */
public final class CpuBreakdown {

	private static final Pattern SYSTEM_CALL = Pattern.compile(
			"(__GI_|__libc_|__)*(send|sendmsg|sendto|recv|recvmsg|recvfrom|read|write|writev|readv|epoll_wait|epoll_pwait2?"
					+ "|epoll_ctl|futex|syscall|sched_yield|__lll_lock_wait|pthread_cond_\\w+|clock_nanosleep|nanosleep)");

	private static final List<Map.Entry<String, CpuLayer>> OWNERS = List.of(
			Map.entry("io/databridge/benchmarks/", CpuLayer.BENCHMARK),
			Map.entry("org/HdrHistogram/", CpuLayer.BENCHMARK), Map.entry("io/databridge/", CpuLayer.DATABRIDGE),
			Map.entry("io/micrometer/", CpuLayer.DATABRIDGE), Map.entry("org/springframework/", CpuLayer.DATABRIDGE),
			Map.entry("reactor/pool/", CpuLayer.POOL), Map.entry("io/r2dbc/pool/", CpuLayer.POOL),
			Map.entry("com/zaxxer/hikari/", CpuLayer.POOL), Map.entry("io/vertx/core/internal/pool/", CpuLayer.POOL),
			Map.entry("io/r2dbc/postgresql/", CpuLayer.DRIVER), Map.entry("io/vertx/", CpuLayer.DRIVER),
			Map.entry("org/postgresql/", CpuLayer.DRIVER), Map.entry("reactor/netty/", CpuLayer.NETTY),
			Map.entry("io/netty/", CpuLayer.NETTY), Map.entry("reactor/core/", CpuLayer.REACTOR),
			Map.entry("reactor/util/", CpuLayer.REACTOR));

	private final Map<CpuLayer, Long> samples;

	private CpuBreakdown(Map<CpuLayer, Long> samples) {
		this.samples = samples;
	}

	/**
	 * Reads collapsed stacks from files, such as the rounds of one contender.
	 * @param profiles the files
	 * @return the breakdown, or empty when there are no files
	 */
	public static Optional<CpuBreakdown> read(List<Path> profiles) {
		if (profiles.isEmpty()) {
			return Optional.empty();
		}
		Map<CpuLayer, Long> samples = new EnumMap<>(CpuLayer.class);
		for (Path profile : profiles) {
			try (Stream<String> lines = Files.lines(profile)) {
				lines.forEach((line) -> add(samples, line));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read the profile " + profile, ex);
			}
		}
		return Optional.of(new CpuBreakdown(samples));
	}

	/**
	 * Sorts collapsed stacks, one {@code frame;frame;...;leaf count} line each.
	 * @param lines the lines
	 * @return the breakdown
	 */
	public static CpuBreakdown of(Stream<String> lines) {
		Map<CpuLayer, Long> samples = new EnumMap<>(CpuLayer.class);
		lines.forEach((line) -> add(samples, line));
		return new CpuBreakdown(samples);
	}

	private static void add(Map<CpuLayer, Long> samples, String line) {
		int space = line.lastIndexOf(' ');
		if (space <= 0) {
			return;
		}
		long count = Long.parseLong(line.substring(space + 1).trim());
		samples.merge(layerOf(line.substring(0, space).split(";")), count, Long::sum);
	}

	static CpuLayer layerOf(String[] frames) {
		String leaf = frames[frames.length - 1];
		if (leaf.endsWith("_[k]") || SYSTEM_CALL.matcher(leaf).matches()) {
			return CpuLayer.KERNEL;
		}
		if (Stream.of(frames).noneMatch(CpuBreakdown::isJava)) {
			return CpuLayer.JVM;
		}
		for (int i = frames.length - 1; i >= 0; i--) {
			for (Map.Entry<String, CpuLayer> owner : OWNERS) {
				if (frames[i].startsWith(owner.getKey())) {
					return owner.getValue();
				}
			}
		}
		return CpuLayer.OTHER;
	}

	private static boolean isJava(String frame) {
		return frame.indexOf('/') > 0;
	}

	/**
	 * Returns how many samples there are in all.
	 * @return the samples
	 */
	public long total() {
		return this.samples.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Returns the share of the samples charged to a layer.
	 * @param layer the layer
	 * @return the share, from 0 to 1
	 */
	public double share(CpuLayer layer) {
		long total = total();
		return (total != 0) ? this.samples.getOrDefault(layer, 0L) / (double) total : 0;
	}

}
