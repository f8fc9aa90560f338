package io.databridge.pooler;

import java.util.List;
import java.util.Locale;

import io.databridge.url.HostAddress;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a pooler from the hosts and ports a URL names, for {@link PoolerMode#AUTO}.
 * The rules, in order, for each host:
 * <ul>
 * <li>a Neon host whose first label ends in {@code -pooler}
 * ({@code ep-...-pooler.<region>.aws.neon.tech}) is Neon's PgBouncer in transaction mode;
 * any other Neon host is a direct connection to the compute;</li>
 * <li>a host under {@code pooler.supabase.com} is Supabase's Supavisor: in transaction
 * mode on port 6543, in session mode on port 5432;</li>
 * <li>Supabase's {@code db.<project>.supabase.co} on another port than 6543 is a direct
 * connection;</li>
 * <li>any other host on port 6543, the port of Supabase's transaction pooler (on its
 * dedicated PgBouncer too), is taken for a transaction pooler.</li>
 * </ul>
 * A URL that matches none of them tells nothing: a self-hosted PgBouncer listens on any
 * port, often 6432 in either mode.
 *
 * @author Databridge team
 */
public final class PoolerDetection {

	private static final int SUPABASE_TRANSACTION_PORT = 6543;

	private PoolerDetection() {
	}

	/**
	 * Recognises the pooler the given hosts belong to.
	 * @param hosts the hosts of the URL
	 * @return the pooler and why, or {@code null} when the hosts tell nothing
	 */
	public static @Nullable Detected detect(List<HostAddress> hosts) {
		Detected first = null;
		for (HostAddress address : hosts) {
			Detected detected = detect(address);
			if (detected != null && detected.mode() == PoolerMode.TRANSACTION) {
				return detected;
			}
			first = (first != null) ? first : detected;
		}
		return first;
	}

	private static @Nullable Detected detect(HostAddress address) {
		String host = address.host().toLowerCase(Locale.ROOT);
		int dot = host.indexOf('.');
		if (host.endsWith(".neon.tech") && dot > 0) {
			return host.substring(0, dot).endsWith("-pooler")
					? new Detected(PoolerMode.TRANSACTION, "Neon's pooled endpoint (a -pooler host)")
					: new Detected(PoolerMode.NONE, "Neon's direct endpoint (no -pooler in the host)");
		}
		if (host.endsWith(".pooler.supabase.com")) {
			return (address.port() == SUPABASE_TRANSACTION_PORT)
					? new Detected(PoolerMode.TRANSACTION, "Supabase's transaction pooler (pooler.supabase.com:6543)")
					: new Detected(PoolerMode.SESSION, "Supabase's session pooler (pooler.supabase.com)");
		}
		if (host.startsWith("db.") && host.endsWith(".supabase.co") && address.port() != SUPABASE_TRANSACTION_PORT) {
			return new Detected(PoolerMode.NONE, "Supabase's direct host (db.<project>.supabase.co)");
		}
		if (address.port() == SUPABASE_TRANSACTION_PORT) {
			return new Detected(PoolerMode.TRANSACTION, "port 6543, the port of Supabase's transaction pooler");
		}
		return null;
	}

	/**
	 * A recognised pooler.
	 *
	 * @param mode how the pooler hands out server connections
	 * @param reason what it was recognised by, for messages
	 */
	public record Detected(PoolerMode mode, String reason) {

	}

}
