package io.databridge.error;

import java.util.List;

import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.postgresql.message.backend.Field;
import io.r2dbc.postgresql.message.backend.Field.FieldType;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerMessage}, on errors shaped as r2dbc-postgresql raises them.
 *
 * @author Databridge team
 */
class ServerMessageTests {

	@Test
	void serverMessageIsQuotedWithItsSqlState() {
		ServerMessage message = ServerMessage
			.of(new RuntimeException("wrapped", serverError("08P01", "unsupported startup parameter: options")));
		assertThat(message).isNotNull();
		assertThat(message.quote()).isEqualTo("\"unsupported startup parameter: options\" (SQLSTATE 08P01)");
		assertThat(message.unsupportedStartupParameter()).isEqualTo("options");
	}

	@Test
	void hintIsQuotedToo() {
		ServerMessage message = ServerMessage.of(serverError("28000", "no pg_hba.conf entry", "Check pg_hba.conf"));
		assertThat(message).isNotNull();
		assertThat(message.quote()).endsWith(" hint: \"Check pg_hba.conf\"");
		assertThat(message.unsupportedStartupParameter()).isNull();
	}

	@Test
	void failureWithoutAServerErrorHasNoMessage() {
		assertThat(ServerMessage.of(new IllegalStateException("no server involved"))).isNull();
	}

	@Test
	void refusedStartupParameterMakesAPoolerKindOfError() {
		assertThat(DatabaseError.of(serverError("08P01", "unsupported startup parameter: extra_float_digits")).kind())
			.isEqualTo(ErrorKind.POOLER);
		assertThat(DatabaseError.of(serverError("08P01", "invalid frontend message type 0")).kind())
			.isEqualTo(ErrorKind.CONNECTION_LOST);
	}

	private static RuntimeException serverError(String code, String message) {
		return new ServerError(
				new ErrorDetails(List.of(new Field(FieldType.CODE, code), new Field(FieldType.MESSAGE, message))));
	}

	private static RuntimeException serverError(String code, String message, String hint) {
		return new ServerError(new ErrorDetails(List.of(new Field(FieldType.CODE, code),
				new Field(FieldType.MESSAGE, message), new Field(FieldType.HINT, hint))));
	}

	/**
	 * An error as r2dbc-postgresql raises it for a server's ErrorResponse.
	 */
	private static final class ServerError extends R2dbcNonTransientResourceException implements PostgresqlException {

		private final ErrorDetails details;

		ServerError(ErrorDetails details) {
			super(details.getMessage(), details.getCode());
			this.details = details;
		}

		@Override
		public ErrorDetails getErrorDetails() {
			return this.details;
		}

	}

}
