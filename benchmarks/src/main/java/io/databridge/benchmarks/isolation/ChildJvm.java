package io.databridge.benchmarks.isolation;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the benchmark starts one of its own programs in another JVM: from its own class
 * path and with its own JVM arguments. From the benchmark's executable jar, whose classes
 * sit in a nested directory that only Spring Boot's launcher reads, the program is the
 * launcher, which starts the benchmark's main class, told by an argument which program to
 * run instead.
 *
 * @author Databridge team
 */
public final class ChildJvm {

	private static final String JAR_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

	private ChildJvm() {
	}

	/**
	 * Returns the {@code java} executable of the JVM that runs the benchmark.
	 * @return the executable's path
	 */
	public static String currentJava() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * Returns the command that starts a program of the benchmark, without its own
	 * arguments.
	 * @param java the {@code java} executable
	 * @param argument the argument that tells the benchmark's main class to run the
	 * program
	 * @param program the program's main class, started directly outside the jar
	 * @return the command
	 */
	public static List<String> command(String java, String argument, Class<?> program) {
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
		command.addAll(List.of("-cp", System.getProperty("java.class.path")));
		boolean launched = ChildJvm.class.getClassLoader() != ClassLoader.getSystemClassLoader();
		command.addAll(launched ? List.of(JAR_LAUNCHER, argument) : List.of(program.getName()));
		return command;
	}

}
