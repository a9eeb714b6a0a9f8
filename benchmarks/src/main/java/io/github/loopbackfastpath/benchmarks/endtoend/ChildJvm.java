package io.github.loopbackfastpath.benchmarks.endtoend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A benchmark process of its own (the servers, or the clients), driven by the benchmark's
 * main JVM through one line per command on its standard input; it answers with one line
 * starting with {@value #REPLY} on its standard output. Everything else it prints is
 * passed through. Where {@code taskset} exists and the machine has at least two cores,
 * each child is pinned to a core of its own, so that client and server never take CPU
 * from each other and the driver's own work between runs lands on neither.
 */
final class ChildJvm implements AutoCloseable {

	/** Marks an answer on a child's standard output. */
	static final String REPLY = "> ";

	private static final String TASKSET = "/usr/bin/taskset";

	private final String name;

	private final Process process;

	private final Writer commands;

	private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

	private final @Nullable String pinnedTo;

	private ChildJvm(String name, Process process, @Nullable String pinnedTo) {
		this.name = name;
		this.process = process;
		this.pinnedTo = pinnedTo;
		this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		Thread reader = new Thread(this::readOutput, "child-" + name);
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts a child JVM on this JVM's class path.
	 * @param name the child's name in log lines
	 * @param core which of the cores this process may run on to pin it to (0: the first,
	 * 1: the second), where {@code taskset} exists and there are at least two
	 * @param main the class whose {@code main} it runs
	 * @param args the arguments
	 * @return the child, whose first answer says that it is ready
	 * @throws IOException when it cannot be started
	 */
	static ChildJvm start(String name, int core, Class<?> main, List<String> args) throws IOException {
		List<String> command = new ArrayList<>(pinning(core));
		String pinnedTo = command.isEmpty() ? null : "cpu " + command.get(command.size() - 1);
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xms384m", "-Xmx384m", "-XX:+UseParallelGC", "-Djava.awt.headless=true",
				"--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
				"-Dreactor.netty.native=" + System.getProperty("reactor.netty.native", "false"), "-cp",
				System.getProperty("java.class.path"), main.getName()));
		command.addAll(args);
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		return new ChildJvm(name, process, pinnedTo);
	}

	/**
	 * The start of a command line that pins the process it starts to one core, the way
	 * the child JVMs are pinned; other processes of a benchmark (nginx) use it too.
	 * @param core which of the cores this process may run on (0: the first, 1: the
	 * second)
	 * @return {@code taskset -c CPU}, or nothing where {@code taskset} is missing or the
	 * process may use fewer than two cores
	 */
	static List<String> pinning(int core) {
		List<Integer> allowed = allowedCpus();
		if (Files.isExecutable(Path.of(TASKSET)) && allowed.size() >= 2) {
			return List.of(TASKSET, "-c", Integer.toString(allowed.get(core % allowed.size())));
		}
		return List.of();
	}

	/**
	 * The CPUs this process may run on, from {@code Cpus_allowed_list} in
	 * {@code /proc/self/status} ({@code 0-1}, {@code 2,5-7}): in a container they need
	 * not start at 0.
	 * @return the CPU numbers, empty where the list cannot be read
	 */
	static List<Integer> allowedCpus() {
		List<Integer> cpus = new ArrayList<>();
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("Cpus_allowed_list:")) {
					for (String range : line.substring(line.indexOf(':') + 1).strip().split(",")) {
						String[] ends = range.split("-");
						int first = Integer.parseInt(ends[0]);
						int last = Integer.parseInt(ends[ends.length - 1]);
						for (int cpu = first; cpu <= last; cpu++) {
							cpus.add(cpu);
						}
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			cpus.clear();
		}
		return cpus;
	}

	/**
	 * Where this child runs.
	 * @return the CPU it is pinned to, or {@code unpinned}
	 */
	String pinnedTo() {
		return (this.pinnedTo != null) ? this.pinnedTo : "unpinned";
	}

	/**
	 * Waits for the next answer.
	 * @param timeoutSeconds how long to wait at most
	 * @return the answer, without its marker
	 * @throws IOException when the child reports an error, ends, or does not answer in
	 * time
	 * @throws InterruptedException when interrupted while waiting
	 */
	String reply(long timeoutSeconds) throws IOException, InterruptedException {
		String reply = this.replies.poll(timeoutSeconds, TimeUnit.SECONDS);
		if (reply == null) {
			throw new IOException(this.name + " did not answer within " + timeoutSeconds + " s"
					+ (this.process.isAlive() ? "" : " (exited with " + this.process.exitValue() + ")"));
		}
		if (reply.startsWith("error ")) {
			throw new IOException(this.name + " failed: " + reply.substring(6));
		}
		return reply;
	}

	/**
	 * Sends a command and waits for its answer.
	 * @param command the command line
	 * @param timeoutSeconds how long to wait at most
	 * @return the answer
	 * @throws IOException when the child fails or does not answer in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	String ask(String command, long timeoutSeconds) throws IOException, InterruptedException {
		this.commands.write(command + "\n");
		this.commands.flush();
		return reply(timeoutSeconds);
	}

	private void readOutput() {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				if (line.startsWith(REPLY)) {
					this.replies.add(line.substring(REPLY.length()));
				}
				else {
					System.out.println("[" + this.name + "] " + line);
				}
			}
		}
		catch (IOException ex) {
			// The child's output closed: reported below like an end.
		}
		// Ends a wait for an answer at once instead of at its timeout.
		this.replies.add("error " + this.name + " ended");
	}

	@Override
	public void close() throws InterruptedException {
		try {
			this.commands.write("quit\n");
			this.commands.flush();
		}
		catch (IOException ex) {
			// Already gone.
		}
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * The child's side: answers each command line from standard input until {@code quit}
	 * or the end of input. A command that throws is answered with {@code error} and its
	 * message, which fails the driver's run.
	 * @param ready the first answer, sent before reading commands
	 * @param handler the answer to each command, split at spaces
	 * @throws IOException when standard input fails
	 */
	static void serve(String ready, Function<String[], String> handler) throws IOException {
		PrintStream out = System.out;
		out.println(REPLY + ready);
		out.flush();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = in.readLine()) != null && !line.equals("quit")) {
			String reply;
			try {
				reply = handler.apply(line.split(" "));
			}
			catch (RuntimeException ex) {
				ex.printStackTrace();
				reply = "error " + ex.toString().replace('\n', ' ');
			}
			out.println(REPLY + reply);
			out.flush();
		}
	}

	/**
	 * The CPU time this process has used so far, all threads, as the JVM reports it.
	 * @return nanoseconds
	 */
	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

}
