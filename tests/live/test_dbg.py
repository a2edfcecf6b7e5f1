from tests.conftest import join
from workshop.extensions import socketio
def test_one(app, live, client, meeting, draft):
    token = join(client, meeting.join_code, "Budi", "Indonesia")
    sc = live(token=token)
    sc.emit("y", 1, b"\x00\x00\x01\x00", namespace="/live")

def test_two(app, live, client, meeting, draft, monkeypatch):
    token = join(client, meeting.join_code, "Budi", "Indonesia")
    srv = socketio.server
    print("handlers", list(srv.handlers.get('/live', {}).keys())[:5], srv.namespaces)
    import socketio as sio
    old = sio.Server._send_packet
    def sp(self, eio_sid, pkt):
        print("OUT", pkt.packet_type, str(pkt.data)[:200])
    sc = live(token=token)
    print(sc.is_connected("/live"), sc.connected, sc.queue[:2])
