"""The room: phones in the room take part through a small web server inside the app.

Only `options` is imported when the app starts; the server (aiohttp) and the QR code (segno)
are imported when the facilitator opens the room.
"""
