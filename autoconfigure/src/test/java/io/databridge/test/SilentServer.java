package io.databridge.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server that accepts connections and never answers, as a black-holed database or a
 * stalled proxy does. The accepted sockets are held open until {@link #close()}.
 *
 * @author Databridge team
 */
public final class SilentServer implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private SilentServer(ServerSocket serverSocket) {
		this.serverSocket = serverSocket;
		this.acceptor = new Thread(this::accept, "silent-server-" + serverSocket.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * Starts a server on a free port of the loopback interface.
	 * @return the server
	 */
	public static SilentServer start() {
		try {
			return new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Returns the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Returns how many connections the server has accepted.
	 * @return the number of connections
	 */
	public int acceptedConnections() {
		return this.accepted.size();
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				this.accepted.add(this.serverSocket.accept());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

}
