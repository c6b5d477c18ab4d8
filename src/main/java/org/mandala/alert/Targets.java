package org.mandala.alert;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a webhook may be sent: {@code http} or {@code https} to a host whose every address is public,
 * unless private targets are allowed. Checked when a subscription is saved and again before each
 * attempt, since a name may come to resolve elsewhere. Redirects are never followed.
 */
final class Targets {
    private Targets() {
    }

    /** A URL a subscription may not name, and why. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** The URL, checked. */
    static URI check(String url, boolean allowPrivate) {
        if (url == null || url.isBlank()) {
            throw new Refused("a subscription needs a url");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new Refused("the url is not one: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http and https urls are sent to, not '" + (scheme.isEmpty() ? url : scheme) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("the url names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("the url may not carry a user name or password: put a secret in the subscription instead");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        if (host.matches("[0-9.]+") && !host.matches("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])")) {
            // 0177.0.0.1, 2130706433, 127.1: read as octal, decimal or short forms by some tools and not by others
            throw new Refused("the host " + host + " is a numeric address in another form than four decimal numbers (a.b.c.d)");
        }
        if (!allowPrivate) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new Refused("the host " + host + " does not resolve");
            }
            for (InetAddress a : addresses) {
                String why = privateKind(a);
                if (why != null) {
                    throw new Refused("the host " + host + " is " + why + " (" + a.getHostAddress() + "): alerts go to public addresses"
                            + " only, unless mandala.alerts.allow-private-targets=true");
                }
            }
        }
        return uri;
    }

    /** What kind of non-public address it is, or null for a public one. */
    static String privateKind(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (a.isSiteLocalAddress()) {
            return "a private address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "a reserved address";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "a shared (carrier-grade NAT) address";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "a benchmarking address";
            }
            if (first >= 240) {
                return "a reserved address";
            }
        } else if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique-local (private) address";
            }
            // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address: judge that one
            if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
                return embedded(b[12], b[13], b[14], b[15]);
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return embedded(b[2], b[3], b[4], b[5]);
            }
            // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible addresses are judged as the IPv4 they carry
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                return embedded(b[12], b[13], b[14], b[15]);
            }
        }
        return null;
    }

    private static String embedded(byte a, byte b, byte c, byte d) {
        try {
            return privateKind(InetAddress.getByAddress(new byte[] {a, b, c, d}));
        } catch (UnknownHostException e) {
            return "an address that cannot be read";
        }
    }
}
