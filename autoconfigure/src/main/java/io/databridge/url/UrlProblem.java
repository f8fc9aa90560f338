package io.databridge.url;

/**
 * What is wrong with a URL and how to fix it, raised while parsing and turned into an
 * {@link InvalidDatabaseUrlException} (which adds the masked URL) by
 * {@link DatabaseUrlParser}.
 *
 * @author Databridge team
 */
final class UrlProblem extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String reason;

	private final String action;

	/**
	 * Creates a problem.
	 * @param reason what is wrong, one sentence that never contains a password
	 * @param action how to fix it
	 */
	UrlProblem(String reason, String action) {
		super(reason, null, false, false);
		this.reason = reason;
		this.action = action;
	}

	/**
	 * Returns what is wrong.
	 * @return the reason
	 */
	String getReason() {
		return this.reason;
	}

	/**
	 * Returns how to fix it.
	 * @return the action
	 */
	String getAction() {
		return this.action;
	}

}
