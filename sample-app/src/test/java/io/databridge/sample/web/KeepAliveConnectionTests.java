package io.databridge.sample.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.databridge.sample.SampleApplicationTest;
import io.databridge.sample.account.Account;
import io.databridge.sample.account.TestAccounts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Talks HTTP/1.1 to the sample application over one kept-alive socket and checks that the
 * server goes on reading it after a request that arrived while the previous one was still
 * being answered. Reactor Netty 1.3.6 stopped reading such a connection when the queued
 * request was answered at once (reactor-netty#4361): the next request on it got no
 * answer, which is how a test client's request could wait forever. The sample application
 * therefore runs on the Reactor Netty release that fixed it.
 *
 * @author Databridge team
 */
@SampleApplicationTest
class KeepAliveConnectionTests {

	private static final int READ_TIMEOUT_MILLIS = 5000;

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	@Test
	void aRequestAfterAQueuedRequestThatWasAnsweredAtOnceIsAnswered() throws IOException {
		Account account = TestAccounts.open(this.client, "Ada", "10");
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			for (int attempt = 0; attempt < 20; attempt++) {
				// The first request reads the database; the second arrives with it, waits
				// in
				// the server's queue and is answered without the database.
				out.write((get("/api/accounts/" + account.id()) + get("/api/accounts/not-a-number"))
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(readStatus(in, attempt, "the database read")).isEqualTo(200);
				assertThat(readStatus(in, attempt, "the queued request")).isEqualTo(400);
				out.write(get("/api/accounts/" + account.id()).getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(readStatus(in, attempt, "the request after the queued one")).isEqualTo(200);
			}
		}
	}

	private static String get(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n";
	}

	/**
	 * Reads one response and returns its status code; fails the test naming the request
	 * if no response arrives within the read timeout.
	 */
	private static int readStatus(InputStream in, int attempt, String request) throws IOException {
		try {
			String head = readHead(in);
			int status = Integer.parseInt(head.substring(9, 12));
			String headers = head.toLowerCase(Locale.ROOT);
			if (headers.contains("\r\ntransfer-encoding: chunked")) {
				skipChunkedBody(in);
			}
			else {
				int start = headers.indexOf("\r\ncontent-length:");
				assertThat(start).as("a response with a length: %s", head).isNotNegative();
				int end = headers.indexOf("\r\n", start + 2);
				in.readNBytes(Integer.parseInt(headers.substring(start + 17, end).trim()));
			}
			return status;
		}
		catch (SocketTimeoutException ex) {
			return fail("No answer to %s within %d ms (round %d): the server stopped reading the connection", request,
					READ_TIMEOUT_MILLIS, attempt + 1);
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int next = in.read();
			assertThat(next).as("the connection is open").isNotNegative();
			head.write(next);
			matched = (next == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	private static void skipChunkedBody(InputStream in) throws IOException {
		while (true) {
			String sizeLine = readLine(in);
			int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
			in.readNBytes(size);
			readLine(in);
			if (size == 0) {
				return;
			}
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = in.read();
			assertThat(next).as("the connection is open").isNotNegative();
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
			}
			line.write(next);
			previous = next;
		}
	}

}
