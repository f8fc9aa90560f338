package io.databridge.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.databridge.benchmarks.isolation.ChildJvm;
import io.databridge.benchmarks.server.BenchmarkServer;
import io.databridge.test.FreePort;

/**
 * One web stack's {@link KeyedReadApplication} running in a JVM of its own, started from
 * the benchmark's class path. A stack on virtual threads needs Java 21 or newer: when the
 * benchmark runs on an older JVM, the first Java found in {@code DATABRIDGE_JAVA21_HOME},
 * or among the JDKs installed under {@code /usr/lib/jvm}, runs it.
 *
 * @author Databridge team
 */
final class HttpServerProcess implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

	private final HttpStack stack;

	private final Process process;

	private final int port;

	private final String java;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private HttpServerProcess(HttpStack stack, Process process, int port, String java) {
		this.stack = stack;
		this.process = process;
		this.port = port;
		this.java = java;
	}

	/**
	 * Finds the Java that can run the given stack.
	 * @param stack the stack
	 * @return the {@code java} executable, or empty when none is recent enough
	 */
	static Optional<String> javaFor(HttpStack stack) {
		if (!stack.needsVirtualThreads() || Runtime.version().feature() >= 21) {
			return Optional.of(ChildJvm.currentJava());
		}
		List<Path> candidates = new ArrayList<>();
		String home = System.getenv("DATABRIDGE_JAVA21_HOME");
		if (home != null && !home.isBlank()) {
			candidates.add(Path.of(home));
		}
		candidates
			.addAll(List.of(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"), Path.of("/usr/lib/jvm/temurin-21-jdk-amd64"),
					Path.of("/usr/lib/jvm/java-25-openjdk-amd64"), Path.of("/usr/lib/jvm/java-21-openjdk-amd64")));
		return candidates.stream()
			.map((jdk) -> jdk.resolve("bin").resolve("java"))
			.filter(Files::isExecutable)
			.map(Path::toString)
			.findFirst();
	}

	/**
	 * Starts the stack's application and waits until it answers.
	 * @param stack the stack
	 * @param java the {@code java} executable
	 * @param server the server, passed on as {@code DATABRIDGE_TEST_URL}
	 * @return the running application
	 */
	static HttpServerProcess start(HttpStack stack, String java, BenchmarkServer server) {
		int port = FreePort.find();
		List<String> command = ChildJvm.command(java, KeyedReadApplication.ARGUMENT, KeyedReadApplication.class);
		command.addAll(List.of(stack.subject(), Integer.toString(port)));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put("DATABRIDGE_TEST_URL", server.url());
		try {
			HttpServerProcess started = new HttpServerProcess(stack, builder.start(), port, java);
			started.awaitAnswer();
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the JVM of " + stack.subject(), ex);
		}
	}

	private void awaitAnswer() {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/accounts/1"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() - deadline < 0) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.stack.subject() + " ended with " + this.process.exitValue());
			}
			try {
				if (this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while " + this.stack.subject() + " started", ex);
			}
			sleep();
		}
		close();
		throw new IllegalStateException(this.stack.subject() + " did not answer within " + STARTUP_TIMEOUT);
	}

	private static void sleep() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Returns the CPU time the application's process has used so far, on every core.
	 * @return the time in nanoseconds, or -1 when the platform does not tell
	 */
	long cpuNanos() {
		return this.process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
	}

	/**
	 * Asks the application how long its just-in-time compiler has spent compiling.
	 * @return the time in milliseconds, or -1 when its JVM does not tell or it does not
	 * answer
	 */
	long compilationMillis() {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + KeyedReadApplication.COMPILATION_PATH))
			.timeout(Duration.ofSeconds(5))
			.build();
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? Long.parseLong(response.body().trim()) : -1;
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Returns which Java runs the application, for the report.
	 * @return the Java's version as it reports it
	 */
	String javaVersion() {
		try {
			Process version = new ProcessBuilder(this.java, "-version").redirectErrorStream(true).start();
			String output = new String(version.getInputStream().readAllBytes()).lines().findFirst().orElse("");
			version.waitFor();
			return output;
		}
		catch (IOException ex) {
			return this.java;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.java;
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
