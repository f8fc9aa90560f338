package io.databridge.sample.web;

import java.util.List;

import io.databridge.sample.account.AccountInUseException;
import io.databridge.sample.account.AccountNotFoundException;
import io.databridge.sample.account.DuplicateEmailException;
import io.databridge.sample.importing.InvalidRowException;
import io.databridge.sample.transfer.InsufficientFundsException;
import io.databridge.sample.transfer.SameAccountTransferException;
import io.databridge.sample.web.InvalidInput.InvalidField;
import reactor.core.publisher.Mono;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns the API's failures into RFC 9457 problem details whose {@code detail} a person
 * can act on: invalid input is 400 and names the field, a body larger than the API reads
 * into memory 413, a missing account 404, and a request that conflicts with an account's
 * state 409 (an email address already taken, an account with transfers deleted, a
 * transfer larger than the balance). {@link DatabaseExceptionHandler} deals with the
 * database's own failures.
 *
 * @author Databridge team
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler(AccountNotFoundException.class)
	ProblemDetail notFound(AccountNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler({ DuplicateEmailException.class, AccountInUseException.class, InsufficientFundsException.class })
	ProblemDetail conflict(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler(SameAccountTransferException.class)
	ProblemDetail sameAccount(SameAccountTransferException ex) {
		return InvalidInput.of(ex.getMessage(),
				List.of(new InvalidField("to", "must not be the same account as from")));
	}

	@ExceptionHandler(InvalidRowException.class)
	ProblemDetail invalidRow(InvalidRowException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setProperty("row", ex.getRow());
		problem.setProperty("field", ex.getField());
		return problem;
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		List<InvalidField> fields = ex.getFieldErrors()
			.stream()
			.map((error) -> new InvalidField(error.getField(), message(error)))
			.toList();
		return handleExceptionInternal(ex, InvalidInput.of(fields), headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		List<InvalidField> fields = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new InvalidField(name(result.getMethodParameter()), message(error))))
			.toList();
		return handleExceptionInternal(ex, InvalidInput.of(fields), headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		ProblemDetail problem = InvalidInput.unreadable(ex);
		if (ex.getCause() instanceof TypeMismatchException mismatch) {
			MethodParameter parameter = ex.getMethodParameter();
			String name = (parameter != null) ? name(parameter) : String.valueOf(mismatch.getPropertyName());
			problem = InvalidInput.typeMismatch(name, mismatch.getRequiredType());
		}
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleResponseStatusException(ResponseStatusException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
					"The request body is larger than the API reads (spring.http.codecs.max-in-memory-size)");
			return handleExceptionInternal(ex, problem, headers, status, exchange);
		}
		return super.handleResponseStatusException(ex, headers, status, exchange);
	}

	private static String name(MethodParameter parameter) {
		String name = parameter.getParameterName();
		return (name != null) ? name : "argument " + parameter.getParameterIndex();
	}

	private static String message(MessageSourceResolvable error) {
		String message = error.getDefaultMessage();
		return (message != null) ? message : "is invalid";
	}

}
