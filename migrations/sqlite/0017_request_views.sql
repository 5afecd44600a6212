-- When each person last looked at each request they opened: what changed since (a newer
-- requests.updated_at) is marked as new in their lists, their header and the request's page.
CREATE TABLE request_views (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    request_id INTEGER NOT NULL REFERENCES requests (id),
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, request_id)
);
