package dev.duo.spi;

import dev.duo.config.HttpSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The endpoint rules every provider applies (and {@code duo verify} reports) before a request
 * leaves: URLs compared only after normalisation, the allowlist's two forms of entry, which hosts
 * count as loopback, and whether a secret would cross a network hop in clear text.
 *
 * <p>Normalisation follows RFC 3986 section 6 as HTTP clients resolve a URL before sending it:
 * scheme and host in lower case, the default port made explicit, percent-encoded unreserved
 * characters decoded ({@code %2e} is a dot), dot segments removed. So
 * {@code https://Host:443/v1/%2e%2e/admin} is {@code https://host:443/admin}, and an allowlist
 * entry {@code https://host/v1} does not admit it.
 *
 * <pre>{@code
 * URI e = EndpointRules.normalize(URI.create("HTTP://Vllm.Internal/v1/../v1/"));   // http://vllm.internal:80/v1/
 * boolean ok = EndpointRules.onAllowlist(e, List.of("vllm.internal:80"));          // true
 * Optional<String> hop = EndpointRules.cleartextHop(e, httpSettings);              // "plain HTTP"
 * }</pre>
 */
public final class EndpointRules {

    private EndpointRules() {
    }

    /**
     * The URL as it will be sent: lower-case scheme and host, explicit port, unreserved
     * percent-escapes decoded, dot segments removed, no fragment. The user info is kept (callers
     * refuse it separately, see {@link #hasUserInfo}).
     *
     * @throws IllegalArgumentException when the URL has no host or is not http(s)
     */
    public static URI normalize(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(display(uri) + " is not an http(s) URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(display(uri) + " has no host");
        }
        String path = removeDotSegments(decodeUnreserved(uri.getRawPath() == null ? "" : uri.getRawPath()));
        StringBuilder s = new StringBuilder(scheme).append("://");
        if (uri.getRawUserInfo() != null) {
            s.append(uri.getRawUserInfo()).append('@');
        }
        s.append(uri.getHost().toLowerCase(Locale.ROOT)).append(':').append(port(uri)).append(path);
        if (uri.getRawQuery() != null) {
            s.append('?').append(uri.getRawQuery());
        }
        try {
            return new URI(s.toString());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(display(uri) + " cannot be normalised: " + e.getReason(), e);
        }
    }

    /** The port, or the scheme's default (80, 443). */
    public static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Whether the URL carries {@code user:password@} (which the SDK refuses: keys go in {@code api_key}). */
    public static boolean hasUserInfo(URI uri) {
        return uri.getRawUserInfo() != null || (uri.getHost() == null && uri.getRawAuthority() != null
                && uri.getRawAuthority().contains("@"));
    }

    /** The URL as it may be printed: any user info replaced by {@code ****}. */
    public static String display(URI uri) {
        if (uri == null) {
            return "null";
        }
        String s = uri.toString();
        String authority = uri.getRawAuthority();
        if (authority != null && authority.contains("@")) {
            String masked = "****" + authority.substring(authority.lastIndexOf('@'));
            int at = s.indexOf(authority);
            s = at < 0 ? s : s.substring(0, at) + masked + s.substring(at + authority.length());
        }
        return UntrustedText.sanitize(s, 2000);
    }

    /** Same scheme, host and port (both normalised). */
    public static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    /**
     * Whether {@code endpoint} is {@code prefix} or below it: same origin and a path equal to the
     * prefix's or under it, segment by segment ({@code /v1} admits {@code /v1/chat}, never
     * {@code /v10}), both normalised first.
     */
    public static boolean under(URI endpoint, URI prefix) {
        URI e;
        URI p;
        try {
            e = normalize(endpoint);
            p = normalize(prefix);
        } catch (IllegalArgumentException notHttp) {
            return false;
        }
        if (!sameOrigin(e, p)) {
            return false;
        }
        String pre = p.getRawPath();
        if (pre.isEmpty() || pre.equals("/")) {
            return true;
        }
        String path = e.getRawPath();
        String trimmed = pre.endsWith("/") ? pre.substring(0, pre.length() - 1) : pre;
        return path.equals(trimmed) || path.startsWith(trimmed + "/");
    }

    /**
     * Whether the endpoint is on the allowlist: an entry is a URL (the endpoint must be
     * {@link #under} it) or a bare {@code host} or {@code host:port}.
     */
    public static boolean onAllowlist(URI endpoint, List<String> allowlist) {
        URI e;
        try {
            e = normalize(endpoint);
        } catch (IllegalArgumentException notHttp) {
            return false;
        }
        String host = e.getHost();
        String hostPort = host + ":" + e.getPort();
        for (String raw : allowlist) {
            String entry = raw == null ? "" : raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("://")) {
                try {
                    if (under(e, new URI(entry))) {
                        return true;
                    }
                } catch (URISyntaxException bad) {
                    // an unreadable entry admits nothing
                }
            } else {
                String lower = entry.toLowerCase(Locale.ROOT);
                if (lower.endsWith("/")) {
                    lower = lower.substring(0, lower.length() - 1);
                }
                if (lower.equals(host) || lower.equals(hostPort)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a host is a loopback address: {@code localhost} or a literal loopback IP. Names are
     * never resolved here (that would trust whatever DNS says).
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (h.matches("[0-9.]+") || (h.contains(":") && h.matches("[0-9a-fA-F:.]+"))) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Where a secret sent to {@code endpoint} would travel in clear text, if anywhere: plain HTTP
     * to a host that is not loopback, or plain HTTP through a proxy (a proxy is a network hop
     * whatever the endpoint's host; HTTPS through a proxy is a tunnel and stays encrypted).
     *
     * @return {@code plain HTTP}, {@code plain HTTP through the proxy http://proxy.corp:3128}, or empty
     */
    public static Optional<String> cleartextHop(URI endpoint, HttpSettings http) {
        if (!"http".equalsIgnoreCase(endpoint.getScheme())) {
            return Optional.empty();
        }
        if (!isLoopback(endpoint.getHost())) {
            return Optional.of("plain HTTP");
        }
        if (http != null && http.proxyUrl().isPresent()) {
            return Optional.of("plain HTTP through the proxy " + display(http.proxyUrl().get()));
        }
        return Optional.empty();
    }

    private static String decodeUnreserved(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
                    && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                int v = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                if ((v < 0x80 && Character.isLetterOrDigit(v)) || v == '-' || v == '.' || v == '_' || v == '~') {
                    out.append((char) v);
                } else {
                    out.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** RFC 3986 section 5.2.4. */
    private static String removeDotSegments(String path) {
        if (!path.contains(".")) {
            return path;
        }
        String in = path;
        StringBuilder out = new StringBuilder();
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./")) {
                in = in.substring(2);
            } else if (in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../")) {
                in = in.substring(3);
                trimLastSegment(out);
            } else if (in.equals("/..")) {
                in = "/";
                trimLastSegment(out);
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int next = in.indexOf('/', in.startsWith("/") ? 1 : 0);
                String segment = next < 0 ? in : in.substring(0, next);
                out.append(segment);
                in = next < 0 ? "" : in.substring(next);
            }
        }
        return out.toString();
    }

    private static void trimLastSegment(StringBuilder out) {
        int slash = out.lastIndexOf("/");
        out.setLength(Math.max(slash, 0));
    }
}
