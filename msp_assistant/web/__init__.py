"""The website's server (WEB_PORT): the sign-in API, and the chat page as it is added."""
