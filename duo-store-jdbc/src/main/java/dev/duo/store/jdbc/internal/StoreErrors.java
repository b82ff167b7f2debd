package dev.duo.store.jdbc.internal;

import dev.duo.ConfigurationException;
import dev.duo.ErrorContext;
import java.sql.SQLException;

/** The store's error messages: the URL (never a password), what went wrong, and what to do. */
final class StoreErrors {

    private StoreErrors() {
    }

    /** The database could not be reached or used at all. */
    static ConfigurationException unreachable(String url, SQLException e, String consequence) {
        return new ConfigurationException("Cannot reach the settings store " + url + ": " + reason(e)
                + ". Check that the database is running and reachable from here, and the url, user and password "
                + "of duo.yml's store: section. " + consequence, e, ErrorContext.NONE);
    }

    /** A failed read or write. */
    static ConfigurationException failed(String url, String what, SQLException e) {
        return new ConfigurationException("The settings store " + url + " could not " + what + ": " + reason(e)
                + " (nothing was changed)", e, ErrorContext.NONE);
    }

    /** The driver's words, on one line and bounded. */
    static String reason(SQLException e) {
        // The pool wraps the driver's error ("Connection is not available ..."): the driver's own words say why.
        SQLException root = e;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                root = s;
            }
        }
        String m = String.valueOf(root.getMessage()).replaceAll("\\s*\\R\\s*", " ").trim().replaceAll("\\.+$", "");
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
