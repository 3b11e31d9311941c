"""Entry point: `flask --app app run` and `python app.py` both serve the platform."""

from aanbodplatform import create_app

app = create_app()

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)
