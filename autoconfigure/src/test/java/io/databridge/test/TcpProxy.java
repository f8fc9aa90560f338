package io.databridge.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on the loopback interface that forwards each accepted connection to a
 * target, and that can fall silent or cut its connections as a faulty network does.
 * <p>
 * While {@link #pause() paused} the proxy forwards no byte in either direction, yet keeps
 * accepting connections and closes none. Bytes that arrive meanwhile are held back and
 * delivered, in order, on {@link #resume()}; a connection accepted while paused is
 * connected to the target only on resume, and an end of stream seen while paused closes
 * the connection only on resume.
 *
 * @author Databridge team
 */
public final class TcpProxy implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket serverSocket;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private final Thread acceptor;

	private final Object monitor = new Object();

	private boolean paused;

	private int writesInFlight;

	private boolean closed;

	private volatile long holdNewUntilNanos = System.nanoTime();

	private TcpProxy(String targetHost, int targetPort, ServerSocket serverSocket) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.serverSocket = serverSocket;
		this.acceptor = new Thread(this::accept, "tcp-proxy-" + serverSocket.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * Starts a proxy on a free port of {@code 127.0.0.1}.
	 * @param targetHost the host to forward to
	 * @param targetPort the port to forward to
	 * @return the proxy
	 */
	public static TcpProxy start(String targetHost, int targetPort) {
		try {
			return new TcpProxy(targetHost, targetPort, new ServerSocket(0, 200, InetAddress.getByName(HOST)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Returns the address the proxy listens on.
	 * @return {@code 127.0.0.1}
	 */
	public String host() {
		return HOST;
	}

	/**
	 * Returns the port the proxy listens on.
	 * @return the port
	 */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Stops forwarding on every connection, existing and new, until {@link #resume()}.
	 * Returns once no write to either side is under way, so that no byte passes the proxy
	 * after this method returns.
	 */
	public void pause() {
		synchronized (this.monitor) {
			this.paused = true;
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (this.writesInFlight > 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new IllegalStateException(
							"A write through the proxy did not finish within " + TIMEOUT.toSeconds() + "s");
				}
				awaitMonitor(remaining);
			}
		}
	}

	/**
	 * Resumes forwarding, delivering the bytes held back while paused.
	 */
	public void resume() {
		synchronized (this.monitor) {
			this.paused = false;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Connects the client connections accepted from now on to the target only once the
	 * given time has passed since this call, as a serverless database does while its
	 * compute starts. Connections already forwarded are not affected.
	 * @param hold how long new connections wait
	 */
	public void holdNewConnections(Duration hold) {
		this.holdNewUntilNanos = System.nanoTime() + hold.toNanos();
	}

	/**
	 * Closes both sides of every connection the proxy holds, as a network cut does. The
	 * proxy goes on accepting new connections.
	 */
	public void dropConnections() {
		for (Link link : this.links) {
			link.close();
		}
	}

	/**
	 * Returns how many client connections the proxy has accepted since it started.
	 * @return the number of connections
	 */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	/**
	 * Returns how many client connections are open through the proxy.
	 * @return the number of connections
	 */
	public int openConnections() {
		return this.links.size();
	}

	/**
	 * Stops listening and closes every connection. Returns once the port refuses
	 * connections.
	 */
	@Override
	public void close() {
		synchronized (this.monitor) {
			this.closed = true;
			this.monitor.notifyAll();
		}
		try {
			this.serverSocket.close();
			this.acceptor.join(TIMEOUT.toMillis());
		}
		catch (IOException ex) {
			// Closing anyway
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		dropConnections();
		if (this.acceptor.isAlive()) {
			throw new IllegalStateException("The proxy on port " + port() + " did not stop accepting");
		}
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			Socket client;
			try {
				client = this.serverSocket.accept();
			}
			catch (IOException ex) {
				return;
			}
			this.accepted.incrementAndGet();
			Link link = new Link(client);
			this.links.add(link);
			if (isClosed()) {
				link.close();
				return;
			}
			Thread thread = new Thread(link::connect, "tcp-proxy-" + port() + "-link-" + client.getPort());
			thread.setDaemon(true);
			thread.start();
		}
	}

	private boolean isClosed() {
		synchronized (this.monitor) {
			return this.closed;
		}
	}

	/**
	 * Waits until forwarding is allowed.
	 * @param link the connection that wants to forward
	 * @return {@code true} to forward, {@code false} if the connection or the proxy has
	 * closed
	 */
	private boolean awaitForwarding(Link link) {
		synchronized (this.monitor) {
			while (this.paused && !this.closed && !link.isClosed()) {
				awaitMonitor(TimeUnit.MILLISECONDS.toNanos(100));
			}
			return !this.closed && !link.isClosed();
		}
	}

	private void awaitMonitor(long nanos) {
		try {
			TimeUnit.NANOSECONDS.timedWait(this.monitor, nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * One client connection and its connection to the target.
	 */
	private final class Link {

		private final Socket client;

		private final Socket target = new Socket();

		private volatile boolean linkClosed;

		Link(Socket client) {
			this.client = client;
		}

		boolean isClosed() {
			return this.linkClosed;
		}

		void connect() {
			try {
				long held = TcpProxy.this.holdNewUntilNanos - System.nanoTime();
				if (held > 0) {
					TimeUnit.NANOSECONDS.sleep(held);
				}
				if (!awaitForwarding(this)) {
					return;
				}
				this.client.setTcpNoDelay(true);
				this.target.setTcpNoDelay(true);
				this.target.connect(new InetSocketAddress(TcpProxy.this.targetHost, TcpProxy.this.targetPort),
						CONNECT_TIMEOUT_MILLIS);
				Thread upstream = new Thread(() -> pump(this.client, this.target),
						Thread.currentThread().getName() + "-up");
				upstream.setDaemon(true);
				upstream.start();
				pump(this.target, this.client);
			}
			catch (IOException ex) {
				close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				close();
			}
		}

		private void pump(Socket from, Socket to) {
			byte[] buffer = new byte[16 * 1024];
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				int read;
				while ((read = in.read(buffer)) != -1) {
					if (!beginWrite()) {
						return;
					}
					try {
						out.write(buffer, 0, read);
					}
					finally {
						endWrite();
					}
				}
			}
			catch (IOException ex) {
				// The connection ends as a close from either side does
			}
			finally {
				awaitForwarding(this);
				close();
			}
		}

		private boolean beginWrite() {
			synchronized (TcpProxy.this.monitor) {
				if (!awaitForwarding(this)) {
					return false;
				}
				TcpProxy.this.writesInFlight++;
				return true;
			}
		}

		private void endWrite() {
			synchronized (TcpProxy.this.monitor) {
				TcpProxy.this.writesInFlight--;
				TcpProxy.this.monitor.notifyAll();
			}
		}

		void close() {
			this.linkClosed = true;
			closeQuietly(this.client);
			closeQuietly(this.target);
			TcpProxy.this.links.remove(this);
			synchronized (TcpProxy.this.monitor) {
				TcpProxy.this.monitor.notifyAll();
			}
		}

		private void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing anyway
			}
		}

	}

}
