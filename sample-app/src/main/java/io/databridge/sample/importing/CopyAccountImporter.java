package io.databridge.sample.importing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.databridge.sample.account.NewAccount;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Imports accounts with PostgreSQL's {@code COPY ... FROM STDIN}, the fastest way in. The
 * pooled connection is unwrapped to r2dbc-postgresql's own, which offers
 * {@link PostgresqlConnection#copyIn(String) copyIn}; rows are sent
 * {@value #ROWS_PER_MESSAGE} to a message, as they arrive. One COPY is one statement, so
 * a failure (such as a duplicate email) leaves no row behind.
 *
 * @author Databridge team
 */
@Component
class CopyAccountImporter implements AccountImporter {

	private static final String COPY = "COPY account (owner, email, balance) FROM STDIN";

	private static final int ROWS_PER_MESSAGE = 1000;

	private final DatabaseClient client;

	CopyAccountImporter(DatabaseClient client) {
		this.client = client;
	}

	@Override
	public Mono<Long> importAccounts(Flux<NewAccount> accounts) {
		Flux<Publisher<ByteBuf>> messages = accounts.buffer(ROWS_PER_MESSAGE).map(CopyAccountImporter::message);
		return this.client.inConnection((connection) -> postgresql(connection).copyIn(COPY).fromMany(messages).build());
	}

	private static Publisher<ByteBuf> message(List<NewAccount> accounts) {
		return Mono.fromSupplier(() -> {
			StringBuilder text = new StringBuilder(accounts.size() * 64);
			for (NewAccount account : accounts) {
				CopyText.appendRow(text, account.owner(), account.email(), account.balance().toPlainString());
			}
			return Unpooled.wrappedBuffer(text.toString().getBytes(StandardCharsets.UTF_8));
		});
	}

	/**
	 * Returns the driver's connection behind the given one, unwrapping Spring's
	 * transaction-aware proxy and Databridge's pooled connection.
	 * @param connection the connection as the application holds it
	 * @return the driver's connection
	 */
	static PostgresqlConnection postgresql(Connection connection) {
		Object candidate = connection;
		while (!(candidate instanceof PostgresqlConnection) && candidate instanceof Wrapped<?> wrapped) {
			candidate = wrapped.unwrap();
		}
		if (candidate instanceof PostgresqlConnection postgresql) {
			return postgresql;
		}
		throw new IllegalStateException("COPY needs an r2dbc-postgresql connection, but got " + connection);
	}

}
