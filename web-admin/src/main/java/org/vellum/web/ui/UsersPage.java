package org.vellum.web.ui;

import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vellum.security.Role;
import org.vellum.security.UserService;
import org.vellum.timestamp.TimeStampService;
import org.vellum.web.security.SignedInSessions;

/** Who has which role; admins change roles, each change appended to the ledger as permission.changed first. */
@Named("usersPage")
@ViewScoped
public class UsersPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @EJB
    UserService users;

    /** An account as the form edits it. */
    public static final class Row implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final List<String> current;
        private List<String> roles;
        private String reason = "";

        Row(UserService.User u) {
            this.name = u.name();
            this.current = u.roles();
            this.roles = new ArrayList<>(u.roles());
        }

        public String getName() {
            return name;
        }

        public List<String> getCurrent() {
            return current;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }

        public String getReason() {
            return reason;
        }

        public void setReason(String reason) {
            this.reason = reason;
        }
    }

    private List<Row> rows;

    public List<Row> getRows() {
        if (rows == null) {
            rows = users.users().stream().map(Row::new).toList();
        }
        return rows;
    }

    public List<String> getAllRoles() {
        List<String> roles =
                new ArrayList<>(Arrays.stream(Role.values()).map(Role::roleName).toList());
        roles.add(TimeStampService.ROLE);
        return roles;
    }

    public void save(Row row) {
        ConsoleBean.require(Role.ADMIN_NAME);
        try {
            UserService.User u = users.setRoles(ConsoleBean.userName(), row.name, row.roles, row.reason);
            boolean self = u.name().equals(ConsoleBean.userName());
            SignedInSessions.endSessionsOf(u.name()); // its open sessions would keep the roles they signed in with
            if (self) {
                var context = FacesContext.getCurrentInstance().getExternalContext();
                context.redirect(context.getRequestContextPath() + "/"); // sign in again, with the new roles
                return;
            }
            ConsoleBean.info(u.name() + " now has " + (u.roles().isEmpty() ? "no role" : String.join(", ", u.roles()))
                    + " (recorded in the ledger; their open sessions were ended)");
            rows = null;
        } catch (RuntimeException e) {
            ConsoleBean.error(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
