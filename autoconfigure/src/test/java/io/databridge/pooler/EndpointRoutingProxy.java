package io.databridge.pooler;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A proxy that routes PostgreSQL connections as Neon's proxy does for clients without
 * SNI: it reads the startup packet, takes the endpoint id out of the {@code options}
 * startup parameter ({@code endpoint=<id>}), records it, and forwards the packet without
 * that parameter, which PostgreSQL itself would refuse. TLS is declined, so clients must
 * allow plain connections. Cancel requests are forwarded as they are.
 *
 * @author Databridge team
 */
final class EndpointRoutingProxy implements AutoCloseable {

	private static final int SSL_REQUEST = 80877103;

	private static final int GSS_REQUEST = 80877104;

	private static final int CANCEL_REQUEST = 80877102;

	private final ServerSocket serverSocket;

	private final String targetHost;

	private final int targetPort;

	private final List<String> endpoints = new CopyOnWriteArrayList<>();

	private EndpointRoutingProxy(ServerSocket serverSocket, String targetHost, int targetPort) {
		this.serverSocket = serverSocket;
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		Thread acceptor = new Thread(this::accept, "endpoint-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	static EndpointRoutingProxy start(String targetHost, int targetPort) {
		try {
			return new EndpointRoutingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetHost,
					targetPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Returns the endpoint id of each connection the proxy routed, {@code <none>} for a
	 * connection that named none.
	 * @return the endpoint ids, in order
	 */
	List<String> endpoints() {
		return this.endpoints;
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket client = this.serverSocket.accept();
				Thread thread = new Thread(() -> route(client), "endpoint-proxy-link");
				thread.setDaemon(true);
				thread.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void route(Socket client) {
		try (client; Socket server = new Socket(this.targetHost, this.targetPort)) {
			DataInputStream in = new DataInputStream(client.getInputStream());
			byte[] packet = readPacket(in);
			int code = ByteBuffer.wrap(packet, 4, 4).getInt();
			while (code == SSL_REQUEST || code == GSS_REQUEST) {
				client.getOutputStream().write('N');
				packet = readPacket(in);
				code = ByteBuffer.wrap(packet, 4, 4).getInt();
			}
			byte[] forwarded = (code == CANCEL_REQUEST) ? packet : withoutEndpoint(packet);
			server.getOutputStream().write(forwarded);
			Thread upstream = new Thread(() -> pump(in, server), "endpoint-proxy-up");
			upstream.setDaemon(true);
			upstream.start();
			pump(server.getInputStream(), client);
		}
		catch (IOException ex) {
			// The connection ends
		}
	}

	private byte[] withoutEndpoint(byte[] packet) {
		Map<String, String> parameters = new LinkedHashMap<>();
		int position = 8;
		while (position < packet.length - 1) {
			String key = cString(packet, position);
			position += key.getBytes(StandardCharsets.UTF_8).length + 1;
			String value = cString(packet, position);
			position += value.getBytes(StandardCharsets.UTF_8).length + 1;
			parameters.put(key, value);
		}
		String options = parameters.remove("options");
		this.endpoints.add((options != null && options.startsWith("endpoint=")) ? options.substring(9) : "<none>");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(packet, 4, 4);
		parameters.forEach((key, value) -> {
			body.writeBytes(key.getBytes(StandardCharsets.UTF_8));
			body.write(0);
			body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
			body.write(0);
		});
		body.write(0);
		byte[] rest = body.toByteArray();
		return ByteBuffer.allocate(4 + rest.length).putInt(4 + rest.length).put(rest).array();
	}

	private static String cString(byte[] packet, int from) {
		int end = from;
		while (packet[end] != 0) {
			end++;
		}
		return new String(packet, from, end - from, StandardCharsets.UTF_8);
	}

	private static byte[] readPacket(DataInputStream in) throws IOException {
		int length = in.readInt();
		byte[] packet = new byte[length];
		ByteBuffer.wrap(packet).putInt(length);
		in.readFully(packet, 4, length - 4);
		return packet;
	}

	private static void pump(InputStream from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try {
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = from.read(buffer)) != -1) {
				out.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// The connection ends as a close from either side does
		}
		finally {
			try {
				to.close();
			}
			catch (IOException ex) {
				// Closing anyway
			}
		}
	}

}
