package io.databridge.sample.web;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds the 400 problem detail of invalid input: {@code detail} names each invalid field
 * and says what is wrong with it, and {@code errors} lists them as {@code {"field": ...,
 * "message": ...}}.
 *
 * @author Databridge team
 */
final class InvalidInput {

	private InvalidInput() {
	}

	/**
	 * Describes the given invalid fields.
	 * @param fields the fields
	 * @return the problem detail
	 */
	static ProblemDetail of(List<InvalidField> fields) {
		List<InvalidField> sorted = fields.stream()
			.sorted(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message))
			.toList();
		String detail = "Invalid request: "
				+ String.join(", ", sorted.stream().map((field) -> field.field() + " " + field.message()).toList());
		return of(detail, sorted);
	}

	/**
	 * Describes invalid input in the given words.
	 * @param detail what is wrong
	 * @param fields the invalid fields
	 * @return the problem detail
	 */
	static ProblemDetail of(String detail, List<InvalidField> fields) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setProperties(Map.of("errors", fields));
		return problem;
	}

	/**
	 * Describes a path variable or request parameter that could not be converted.
	 * @param name the parameter's name
	 * @param type the type it should have, if known
	 * @return the problem detail
	 */
	static ProblemDetail typeMismatch(String name, @Nullable Class<?> type) {
		String expected;
		if (type != null && type.isEnum()) {
			expected = "must be one of "
					+ Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
		}
		else {
			expected = "must be a " + ((type != null) ? type.getSimpleName() : "value");
		}
		return of(List.of(new InvalidField(name, expected)));
	}

	/**
	 * Describes a request body that could not be read: the field Jackson stopped at when
	 * it knows one, otherwise the body as a whole. Jackson's own message, which names
	 * classes, is not repeated.
	 * @param ex the failure to read the body
	 * @return the problem detail
	 */
	static ProblemDetail unreadable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
				String field = jackson.getPath()
					.stream()
					.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
							: String.valueOf(reference.getIndex()))
					.collect(Collectors.joining("."));
				return of(List.of(new InvalidField(field, "could not be read")));
			}
		}
		return of("Invalid request: the body is not valid JSON", List.of());
	}

	/**
	 * A field of a request that is invalid.
	 *
	 * @param field the field's name
	 * @param message what is wrong with it
	 */
	record InvalidField(String field, String message) {

	}

}
