"""The generated pages: templating, the language's messages, the theme's shell."""
