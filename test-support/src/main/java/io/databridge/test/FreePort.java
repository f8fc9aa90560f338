package io.databridge.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds a loopback port nothing listens on, for a server to start on or for a client to
 * be refused by.
 *
 * @author Databridge team
 */
public final class FreePort {

	private FreePort() {
	}

	/**
	 * Returns a port that was free a moment ago.
	 * @return the port
	 */
	public static int find() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

}
