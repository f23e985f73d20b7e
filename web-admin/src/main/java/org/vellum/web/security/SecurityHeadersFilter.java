package org.vellum.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers on every answer that keep other sites from using a signed-in browser: no framing (a hidden console page
 * under someone else's button), and no guessing of content types. The session cookie itself is {@code SameSite=Strict}
 * (web.xml), so another site's form cannot post to the API or the console with it.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true) // the event ingest answers asynchronously
public class SecurityHeadersFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply(response);
        chain.doFilter(request, response);
    }

    /** The headers; the login page sets them itself, as the container shows it before any filter runs. */
    static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
    }
}
