package io.databridge.benchmarks.isolation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.databridge.benchmarks.server.BenchmarkServer;
import org.jspecify.annotations.Nullable;

/**
 * A contender running in a JVM of its own ({@link ContenderWorker}), started from the
 * benchmark's own class path with the benchmark's JVM arguments, and told what to run one
 * command at a time. The worker reaches the server through {@code DATABRIDGE_TEST_URL} in
 * its environment, so that no password shows on a command line. It writes to the
 * benchmark's standard error; anything on its standard output besides answers (what the
 * JVM itself prints there) is passed through, each line prefixed with its name.
 *
 * @author Databridge team
 */
public final class ContenderProcess implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration ANSWER_GRACE = Duration.ofMinutes(2);

	private static final WorkerProtocol.Answer ENDED = new WorkerProtocol.Answer("ended", "");

	private final String name;

	private final Process process;

	private final Writer commands;

	private final BlockingQueue<WorkerProtocol.Answer> answers = new LinkedBlockingQueue<>();

	private @Nullable String description;

	private ContenderProcess(String name, Process process) {
		this.name = name;
		this.process = process;
		this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		Thread reader = new Thread(this::readOutput, "worker-output-" + name);
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts the worker of one contender. Call {@link #awaitReady()} before the first
	 * command.
	 * @param name the contender's name
	 * @param server the server
	 * @param accounts the number of accounts
	 * @param callers the most callers any workload has
	 * @param profile where the worker writes profiles of its measurements, or
	 * {@code null} for none
	 * @param profileEvent what the profiles sample
	 * @return the running worker
	 */
	public static ContenderProcess start(String name, BenchmarkServer server, int accounts, int callers,
			@Nullable Path profile, String profileEvent) {
		List<String> command = ChildJvm.command(ChildJvm.currentJava(), ContenderWorker.ARGUMENT,
				ContenderWorker.class);
		command.addAll(List.of(name, Integer.toString(accounts), Integer.toString(callers)));
		if (profile != null) {
			command.addAll(List.of(profile.toString(), profileEvent));
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put("DATABRIDGE_TEST_URL", server.url());
		try {
			return new ContenderProcess(name, builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the JVM of " + name, ex);
		}
	}

	/**
	 * Waits until the worker has started its contender.
	 * @throws IllegalStateException if it failed to
	 */
	public void awaitReady() {
		this.description = answer(WorkerProtocol.READY, STARTUP_TIMEOUT);
	}

	/**
	 * Returns the contender's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns what the contender is, as the worker described it once ready.
	 * @return the description
	 */
	public String description() {
		if (this.description == null) {
			throw new IllegalStateException(this.name + " is not ready");
		}
		return this.description;
	}

	/**
	 * Runs a workload unrecorded.
	 * @param workload the workload's name
	 * @param duration how long
	 * @return how long the worker's just-in-time compiler spent compiling meanwhile, in
	 * milliseconds, or -1 if its JVM does not tell
	 */
	public long warmUp(String workload, Duration duration) {
		send(WorkerProtocol.warmUp(workload, duration));
		String compiled = answer(WorkerProtocol.DONE, duration.plus(ANSWER_GRACE));
		try {
			return Long.parseLong(compiled);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException(this.name + " answered a warm-up with " + compiled, ex);
		}
	}

	/**
	 * Measures a workload.
	 * @param workload the workload's name
	 * @param duration how long
	 * @return a value for each of the workload's column keys
	 */
	public Map<String, Double> measure(String workload, Duration duration) {
		send(WorkerProtocol.measure(workload, duration));
		return WorkerProtocol.parse(answer(WorkerProtocol.MEASURED, duration.plus(ANSWER_GRACE)));
	}

	/**
	 * Returns what the contender reports about itself after its runs.
	 * @return the details, empty if none, or why they could not be read
	 */
	public String details() {
		try {
			send(WorkerProtocol.DETAILS);
			return answer(WorkerProtocol.DETAILS, ANSWER_GRACE);
		}
		catch (RuntimeException ex) {
			return "no details (" + ex.getMessage() + ")";
		}
	}

	/**
	 * Tells the worker to close its contender and waits for it to end, ending it forcibly
	 * if it does not within a minute.
	 */
	@Override
	public void close() {
		try {
			send(WorkerProtocol.QUIT);
		}
		catch (UncheckedIOException ex) {
			// Already gone
		}
		try {
			if (!this.process.waitFor(1, TimeUnit.MINUTES)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private void send(String command) {
		try {
			this.commands.write(command + "\n");
			this.commands.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The JVM of " + this.name + " no longer takes commands", ex);
		}
	}

	private String answer(String expected, Duration timeout) {
		WorkerProtocol.Answer answer;
		try {
			answer = this.answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted waiting for " + this.name, ex);
		}
		if (answer == null) {
			throw new IllegalStateException("The JVM of " + this.name + " did not answer within " + timeout);
		}
		if (answer == ENDED) {
			this.answers.add(ENDED);
			throw new IllegalStateException("The JVM of " + this.name + " ended");
		}
		if (!answer.kind().equals(expected)) {
			throw new IllegalStateException(this.name + ": " + answer.kind() + " " + answer.payload());
		}
		return answer.payload();
	}

	private void readOutput() {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				WorkerProtocol.Answer answer = WorkerProtocol.Answer.of(line);
				if (answer != null) {
					this.answers.add(answer);
				}
				else {
					System.out.println("[" + this.name + "] " + line);
				}
			}
		}
		catch (IOException ex) {
			// The worker ended
		}
		finally {
			this.answers.add(ENDED);
		}
	}

}
