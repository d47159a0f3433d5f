"""Page builders: what one page shows, assembled from services (no SQL of their own, no request)."""
