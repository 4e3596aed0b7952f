package io.jcoro.examples.seeds;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code addToInbox}, the async/await classic: a chain of awaits (find the user, open their inbox,
 * add the message), each answered by a "mail service" thread. When a step in the middle fails, the
 * failure comes out of its await as the original exception, a checked one here, and reaches the
 * caller's {@code catch} as if everything were synchronous.
 */
public final class AddToInbox {
    /** A checked exception: the inbox of this user cannot be opened. */
    static final class InboxUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        InboxUnavailableException(String message) {
            super(message);
        }
    }

    record User(String email, String name) {}

    static final class Inbox {
        final User owner;
        final List<String> messages = new ArrayList<>();

        Inbox(User owner) {
            this.owner = owner;
        }
    }

    private static final Map<String, User> USERS = Map.of(
            "ada@example.com", new User("ada@example.com", "Ada"),
            "bob@example.com", new User("bob@example.com", "Bob"));

    /** Answers every request a little later, on its own thread. */
    private static final ScheduledExecutorService MAIL_SERVICE = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mail-service");
        t.setDaemon(true);
        return t;
    });

    private AddToInbox() {}

    static Promise<User> findUser(String email) {
        Promise<User> p = Promise.create();
        MAIL_SERVICE.schedule(() -> {
            User u = USERS.get(email);
            if (u == null) {
                p.fail(new IllegalArgumentException("no user " + email));
            } else {
                p.complete(u);
            }
        }, 10, TimeUnit.MILLISECONDS);
        return p;
    }

    static Promise<Inbox> openInbox(User user) {
        Promise<Inbox> p = Promise.create();
        MAIL_SERVICE.schedule(() -> {
            if (user.name().equals("Bob")) {
                p.fail(new InboxUnavailableException("the inbox of " + user.name() + " is over quota"));
            } else {
                p.complete(new Inbox(user));
            }
        }, 10, TimeUnit.MILLISECONDS);
        return p;
    }

    static Promise<Integer> add(Inbox inbox, String message) {
        Promise<Integer> p = Promise.create();
        MAIL_SERVICE.schedule(() -> {
            inbox.messages.add(message);
            p.complete(inbox.messages.size());
        }, 10, TimeUnit.MILLISECONDS);
        return p;
    }

    @Suspendable
    static int addToInbox(String email, String message) throws InboxUnavailableException {
        User user = Async.await(findUser(email));
        System.out.println("found user " + user.name());
        Inbox inbox = Async.await(openInbox(user)); // fails for Bob: the exception comes out of await
        System.out.println("opened the inbox of " + user.name());
        int count = Async.await(add(inbox, message));
        System.out.println("added the message; " + user.name() + " has " + count + " message(s)");
        return count;
    }

    @Suspendable
    static void deliver(String email, String message) {
        try {
            addToInbox(email, message);
            System.out.println("delivered to " + email);
        } catch (InboxUnavailableException e) {
            System.out.println("could not deliver to " + email + ": " + e.getMessage());
        } finally {
            System.out.println("done with " + email);
        }
    }

    public static void main(String[] args) throws Exception {
        try (Scheduler scheduler = Scheduler.singleThreaded()) {
            scheduler.blockOn(() -> {
                deliver("ada@example.com", "Hello Ada");
                deliver("bob@example.com", "Hello Bob");
                return null;
            });
        }
    }
}
