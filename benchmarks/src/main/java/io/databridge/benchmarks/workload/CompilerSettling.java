package io.databridge.benchmarks.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

import io.databridge.benchmarks.Durations;

/**
 * Runs subjects that each live in a JVM of their own on, a window each in turn as the
 * rounds will, until a pass in which no JVM's just-in-time compiler spent more than a
 * given share of its window compiling, or the subjects have run for a given time each. A
 * JVM that waits while the others run drops the compilations still queued for it, so a
 * JVM found quiet at the end of its own warm-up may still be compiling in round 1.
 *
 * @author Databridge team
 */
public final class CompilerSettling {

	private CompilerSettling() {
	}

	/**
	 * Runs the subjects until their compilers are quiet.
	 * @param subjects the subjects, in the order of the first round
	 * @param window how long each runs at a time
	 * @param longest the longest each may run on in all
	 * @param settledShare the share of a window a JVM may spend compiling and count as
	 * settled
	 * @param compiledDuring runs a subject for the window and returns how many
	 * milliseconds its JVM spent compiling meanwhile, or -1 when the JVM does not tell
	 * @return what was done, for the log
	 */
	public static String settle(List<String> subjects, Duration window, Duration longest, double settledShare,
			ToLongFunction<String> compiledDuring) {
		int passes = 0;
		List<String> compiling = new ArrayList<>();
		do {
			compiling.clear();
			for (String subject : subjects) {
				long compiled = compiledDuring.applyAsLong(subject);
				if (compiled < 0) {
					compiling.add(subject + " (its JVM does not tell)");
				}
				else if (compiled > window.toMillis() * settledShare) {
					compiling.add(subject + " " + compiled + " ms");
				}
			}
			passes++;
		}
		while (!compiling.isEmpty() && window.multipliedBy(passes).compareTo(longest) < 0);
		return String.format(Locale.ROOT, "settled in %d passes of %s each%s", passes, Durations.format(window),
				compiling.isEmpty() ? "" : "; still compiling in the last: " + String.join(", ", compiling));
	}

}
