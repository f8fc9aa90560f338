package io.databridge.sample.web;

import java.util.EnumSet;
import java.util.Set;

import io.databridge.error.DatabaseError;
import io.databridge.error.ErrorKind;
import io.databridge.pool.ConnectionAcquireTimeoutException;
import io.r2dbc.spi.R2dbcException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the database's failures into problem details. Failures are classified by
 * Databridge's {@link DatabaseError} (by SQLSTATE and cause, whatever Spring wrapped them
 * in): when the database cannot serve requests right now (unreachable, no answer in time,
 * starting, stopping or full, the connection broke, no pooled connection free within the
 * acquire timeout, the pool closed) the answer is 503 with {@code Retry-After}; a
 * constraint violation is 409; anything else 500. The driver's message, which may quote
 * connection details, is never sent.
 *
 * @author Databridge team
 */
@RestControllerAdvice
class DatabaseExceptionHandler {

	private static final Log logger = LogFactory.getLog(DatabaseExceptionHandler.class);

	private static final Set<ErrorKind> NOT_OUTAGES = EnumSet.of(ErrorKind.STATEMENT, ErrorKind.OTHER);

	@ExceptionHandler(DataIntegrityViolationException.class)
	ProblemDetail integrityViolation(DataIntegrityViolationException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The request conflicts with stored data, such as an email address already taken");
	}

	@ExceptionHandler({ DataAccessException.class, TransactionException.class, R2dbcException.class })
	ResponseEntity<ProblemDetail> databaseFailure(Exception ex) {
		DatabaseError error = DatabaseError.of(ex);
		if (NOT_OUTAGES.contains(error.kind())) {
			logger.error("Database error: " + error.describe(), ex);
			return ResponseEntity.internalServerError()
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
						"The database could not complete the request (" + error.describe() + ")"));
		}
		String reason = reason(ex, error);
		logger.warn("Database unavailable: " + reason);
		logger.debug("Database unavailable", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The database is unavailable (" + reason + "); try again shortly");
		problem.setProperty("error", error.kind().value());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	/**
	 * Describes an outage. An acquire timeout says why no connection could be opened,
	 * when that is why.
	 * @param ex the failure
	 * @param error its classification
	 * @return the description, such as {@code no connection within the acquire timeout;
	 * the last attempt to open one failed: connection-refused}
	 */
	private static String reason(Throwable ex, DatabaseError error) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectionAcquireTimeoutException) {
				Throwable lastAttempt = cause.getCause();
				return "no connection within the acquire timeout" + ((lastAttempt != null)
						? "; the last attempt to open one failed: " + DatabaseError.of(lastAttempt).describe() : "");
			}
		}
		return error.describe();
	}

}
