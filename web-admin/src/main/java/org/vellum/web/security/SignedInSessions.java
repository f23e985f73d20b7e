package org.vellum.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions each account is signed in with, so that a role change ends them: a session keeps the roles it signed
 * in with, and a revoked role must not outlive the change in an open browser. Sessions are noted as they are used and
 * forgotten when they end.
 */
@WebListener
@WebFilter(urlPatterns = "/*", asyncSupported = true) // the event ingest answers asynchronously
public class SignedInSessions extends HttpFilter implements HttpSessionListener {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Set<HttpSession>> BY_USER = new ConcurrentHashMap<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        if (session != null && request.getUserPrincipal() != null) {
            BY_USER.computeIfAbsent(request.getUserPrincipal().getName(), u -> ConcurrentHashMap.newKeySet())
                    .add(session);
        }
        chain.doFilter(request, response);
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        BY_USER.values().forEach(sessions -> sessions.remove(event.getSession()));
    }

    /** Ends every session of {@code user}: the next request signs in again and gets the roles as they are now. */
    public static int endSessionsOf(String user) {
        Set<HttpSession> sessions = BY_USER.remove(user);
        int ended = 0;
        if (sessions != null) {
            for (HttpSession s : sessions) {
                try {
                    s.invalidate();
                    ended++;
                } catch (IllegalStateException alreadyGone) {
                    // ended meanwhile
                }
            }
        }
        return ended;
    }
}
