"""HTTP routers: search (X API v2 shape) and the web page."""
