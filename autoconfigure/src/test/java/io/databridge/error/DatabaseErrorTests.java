package io.databridge.error;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;

import io.databridge.pool.PendingAcquireLimitException;
import io.databridge.pool.PoolClosedException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classification of failures by SQLSTATE first and by cause otherwise.
 *
 * @author Databridge team
 */
class DatabaseErrorTests {

	@ParameterizedTest
	@CsvSource({ "28P01, AUTHENTICATION, 28", "28000, AUTHENTICATION, 28", "3D000, DATABASE_MISSING, 3D",
			"53300, TOO_MANY_CONNECTIONS, 53", "57P01, SERVER_UNAVAILABLE, 57", "57P03, SERVER_UNAVAILABLE, 57",
			"08006, CONNECTION_LOST, 08", "57014, TIMEOUT, 57", "42P01, STATEMENT, 42", "23505, STATEMENT, 23" })
	void sqlStateDecidesTheKind(String sqlState, ErrorKind kind, String sqlStateClass) {
		DatabaseError error = DatabaseError.of(new R2dbcPermissionDeniedException("quoted: password=x", sqlState));
		assertThat(error.kind()).isEqualTo(kind);
		assertThat(error.sqlState()).isEqualTo(sqlState);
		assertThat(error.sqlStateClass()).isEqualTo(sqlStateClass);
		assertThat(error.exceptionType()).isEqualTo("R2dbcPermissionDeniedException");
	}

	@Test
	void sqlStateIsFoundInTheCauseChain() {
		DatabaseError error = DatabaseError
			.of(new IllegalStateException("wrapped", new R2dbcPermissionDeniedException("denied", "28P01")));
		assertThat(error.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
		assertThat(error.exceptionType()).isEqualTo("IllegalStateException");
	}

	@Test
	void causesWithoutSqlStateAreClassifiedByType() {
		assertThat(kindOf(new R2dbcNonTransientResourceException("x", new ConnectException("refused"))))
			.isEqualTo(ErrorKind.CONNECTION_REFUSED);
		assertThat(kindOf(new UnknownHostException("db.invalid"))).isEqualTo(ErrorKind.UNKNOWN_HOST);
		assertThat(kindOf(new SSLHandshakeException("no"))).isEqualTo(ErrorKind.TLS);
		assertThat(kindOf(new TimeoutException())).isEqualTo(ErrorKind.TIMEOUT);
		assertThat(kindOf(new R2dbcTimeoutException("Connection acquisition timed out after 5ms")))
			.isEqualTo(ErrorKind.TIMEOUT);
		assertThat(kindOf(new IOException("Connection reset by peer"))).isEqualTo(ErrorKind.CONNECTION_LOST);
		assertThat(kindOf(new PendingAcquireLimitException("p", 5, new IllegalStateException())))
			.isEqualTo(ErrorKind.POOL_EXHAUSTED);
		assertThat(kindOf(new PoolClosedException("p", new IllegalStateException()))).isEqualTo(ErrorKind.POOL_CLOSED);
		assertThat(kindOf(new IllegalArgumentException("?"))).isEqualTo(ErrorKind.OTHER);
	}

	@Test
	void errorWithoutSqlStateHasClassNone() {
		DatabaseError error = DatabaseError.of(new ConnectException("refused"));
		assertThat(error.sqlState()).isNull();
		assertThat(error.sqlStateClass()).isEqualTo("none");
		assertThat(error.isConnectionLevel()).isTrue();
	}

	@Test
	void errorTypeIsTheSqlStateOrElseTheExceptionType() {
		assertThat(DatabaseError.of(new R2dbcPermissionDeniedException("x", "42P01")).errorType()).isEqualTo("42P01");
		assertThat(DatabaseError.of(new ConnectException("refused")).errorType()).isEqualTo("ConnectException");
	}

	@Test
	void statementErrorsAreNotConnectionLevel() {
		assertThat(DatabaseError.of(new R2dbcPermissionDeniedException("x", "42501")).isConnectionLevel()).isFalse();
	}

	@Test
	void connectionLevelIsDecidedBySqlStateNotByExceptionClass() {
		for (String sqlState : List.of("57P01", "57P02", "57P03", "53300", "08006", "08003", "08P01")) {
			assertThat(DatabaseError.of(new R2dbcNonTransientResourceException("x", sqlState)).isConnectionLevel())
				.as(sqlState)
				.isTrue();
		}
		assertThat(DatabaseError.of(new R2dbcNonTransientResourceException("x", "57014")).isConnectionLevel())
			.as("statement timeout")
			.isFalse();
		assertThat(DatabaseError.of(new R2dbcNonTransientResourceException("x", "40001")).isConnectionLevel())
			.as("serialization failure")
			.isFalse();
	}

	private static ErrorKind kindOf(Throwable failure) {
		return DatabaseError.of(failure).kind();
	}

}
