package io.databridge.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link TcpProxy} in front of an echo server.
 *
 * @author Databridge team
 */
class TcpProxyIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final int SILENCE_MILLIS = 300;

	private final EchoServer echo = new EchoServer();

	private final TcpProxy proxy = TcpProxy.start("127.0.0.1", this.echo.port());

	private final List<Socket> clients = new ArrayList<>();

	@AfterEach
	void close() throws IOException {
		this.proxy.close();
		this.echo.close();
		for (Socket client : this.clients) {
			client.close();
		}
	}

	@Test
	void forwardsBytesBothWays() throws Exception {
		Socket client = connect();
		assertThat(exchange(client, "hello")).isEqualTo("hello");
		byte[] payload = new byte[512 * 1024];
		new Random(42).nextBytes(payload);
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(client, payload));
		assertThat(read(client, payload.length)).isEqualTo(payload);
		writer.get();
		assertThat(exchange(client, "world")).isEqualTo("world");
	}

	@Test
	void listensOnTheLoopbackAddress() {
		assertThat(this.proxy.host()).isEqualTo("127.0.0.1");
		assertThat(this.proxy.port()).isPositive().isNotEqualTo(this.echo.port());
	}

	@Test
	void pauseSilencesExistingAndNewConnectionsWithoutClosingThem() throws Exception {
		Socket before = connect();
		assertThat(exchange(before, "one")).isEqualTo("one");
		this.proxy.pause();
		write(before, "two".getBytes(StandardCharsets.US_ASCII));
		assertSilent(before);
		Socket during = connect();
		await().atMost(TIMEOUT).until(() -> this.proxy.acceptedConnections() == 2);
		write(during, "three".getBytes(StandardCharsets.US_ASCII));
		assertSilent(during);
		assertThat(this.proxy.openConnections()).isEqualTo(2);
		assertThat(this.echo.acceptedConnections()).isOne();
		this.proxy.resume();
		Socket after = connect();
		assertThat(exchange(after, "four")).isEqualTo("four");
		assertThat(readString(before, 3)).isEqualTo("two");
		assertThat(readString(during, 5)).isEqualTo("three");
		assertThat(this.proxy.acceptedConnections()).isEqualTo(3);
		assertThat(this.proxy.openConnections()).isEqualTo(3);
	}

	@Test
	void pauseHoldsBackTheEndOfAConnection() throws Exception {
		Socket client = connect();
		assertThat(exchange(client, "one")).isEqualTo("one");
		this.proxy.pause();
		this.echo.close();
		assertSilent(client);
		assertThat(this.proxy.openConnections()).isOne();
		this.proxy.resume();
		client.setSoTimeout((int) TIMEOUT.toMillis());
		assertThat(client.getInputStream().read()).isEqualTo(-1);
	}

	@Test
	void dropConnectionsClosesEveryConnectionAndKeepsAccepting() throws Exception {
		Socket first = connect();
		Socket second = connect();
		assertThat(exchange(first, "one")).isEqualTo("one");
		assertThat(exchange(second, "two")).isEqualTo("two");
		this.proxy.dropConnections();
		assertThat(this.proxy.openConnections()).isZero();
		assertClosed(first);
		assertClosed(second);
		Socket third = connect();
		assertThat(exchange(third, "three")).isEqualTo("three");
		assertThat(this.proxy.acceptedConnections()).isEqualTo(3);
		assertThat(this.proxy.openConnections()).isOne();
	}

	@Test
	void dropConnectionsWhilePausedClosesConnections() throws Exception {
		Socket client = connect();
		assertThat(exchange(client, "one")).isEqualTo("one");
		this.proxy.pause();
		Socket during = connect();
		await().atMost(TIMEOUT).until(() -> this.proxy.openConnections() == 2);
		this.proxy.dropConnections();
		assertThat(this.proxy.openConnections()).isZero();
		assertClosed(client);
		assertClosed(during);
		this.proxy.resume();
		assertThat(exchange(connect(), "two")).isEqualTo("two");
	}

	@Test
	void countsAcceptedAndOpenConnections() throws Exception {
		assertThat(this.proxy.acceptedConnections()).isZero();
		assertThat(this.proxy.openConnections()).isZero();
		Socket first = connect();
		connect();
		connect();
		await().atMost(TIMEOUT).until(() -> this.proxy.openConnections() == 3);
		assertThat(this.proxy.acceptedConnections()).isEqualTo(3);
		first.close();
		await().atMost(TIMEOUT).until(() -> this.proxy.openConnections() == 2);
		assertThat(this.proxy.acceptedConnections()).isEqualTo(3);
	}

	@Test
	void closesTheClientWhenTheTargetRefuses() throws Exception {
		this.echo.close();
		Socket client = connect();
		assertClosed(client);
		await().atMost(TIMEOUT).until(() -> this.proxy.openConnections() == 0);
		assertThat(this.proxy.acceptedConnections()).isOne();
	}

	@Test
	void closeStopsListeningAndClosesConnections() throws Exception {
		Socket client = connect();
		assertThat(exchange(client, "one")).isEqualTo("one");
		this.proxy.close();
		assertClosed(client);
		assertThat(this.proxy.openConnections()).isZero();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket(this.proxy.host(), this.proxy.port()).close());
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(this.proxy.host(), this.proxy.port());
		socket.setSoTimeout((int) TIMEOUT.toMillis());
		this.clients.add(socket);
		return socket;
	}

	private static String exchange(Socket socket, String message) throws IOException {
		byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
		write(socket, bytes);
		return readString(socket, bytes.length);
	}

	private static void write(Socket socket, byte[] bytes) {
		try {
			OutputStream out = socket.getOutputStream();
			out.write(bytes);
			out.flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String readString(Socket socket, int length) throws IOException {
		return new String(read(socket, length), StandardCharsets.US_ASCII);
	}

	private static byte[] read(Socket socket, int length) throws IOException {
		byte[] bytes = socket.getInputStream().readNBytes(length);
		assertThat(bytes).hasSize(length);
		return bytes;
	}

	private static void assertSilent(Socket socket) throws IOException {
		socket.setSoTimeout(SILENCE_MILLIS);
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> socket.getInputStream().read());
		socket.setSoTimeout((int) TIMEOUT.toMillis());
	}

	private static void assertClosed(Socket socket) throws IOException {
		socket.setSoTimeout((int) TIMEOUT.toMillis());
		try {
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("The connection stayed open", ex);
		}
		catch (IOException ex) {
			// A reset is a close too
		}
	}

	/**
	 * A server that writes back every byte it reads.
	 */
	private static final class EchoServer implements AutoCloseable {

		private final ServerSocket serverSocket;

		private final List<Socket> accepted = new ArrayList<>();

		private final Thread acceptor;

		EchoServer() {
			try {
				this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.acceptor = new Thread(this::accept, "echo-server");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		int port() {
			return this.serverSocket.getLocalPort();
		}

		synchronized int acceptedConnections() {
			return this.accepted.size();
		}

		private void accept() {
			while (!this.serverSocket.isClosed()) {
				try {
					Socket socket = this.serverSocket.accept();
					synchronized (this) {
						this.accepted.add(socket);
					}
					Thread thread = new Thread(() -> echo(socket), "echo-" + socket.getPort());
					thread.setDaemon(true);
					thread.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void echo(Socket socket) {
			try (socket) {
				socket.getInputStream().transferTo(socket.getOutputStream());
			}
			catch (IOException ex) {
				// The client went away
			}
		}

		@Override
		public void close() throws IOException {
			this.serverSocket.close();
			try {
				this.acceptor.join(TIMEOUT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			assertThat(this.acceptor.isAlive()).isFalse();
			synchronized (this) {
				for (Socket socket : this.accepted) {
					socket.close();
				}
			}
		}

	}

}
