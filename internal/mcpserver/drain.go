package mcpserver

import (
	"context"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// drainTimeout bounds how long the end of the input waits for the answers
// to the requests already read. The tools answer in milliseconds; the bound
// is for a handler that never returns.
const drainTimeout = 10 * time.Second

// pendingCalls are the calls passed to the SDK and not yet answered, by
// id: the line filter starts them, the connection's writes end them.
type pendingCalls struct {
	mu  sync.Mutex
	ids map[jsonrpc.ID]bool
	// unwritten counts the calls whose answer is not yet written: an id is
	// free again as soon as its answer is on its way, as for the SDK, but
	// the end of the input waits for the answer to be written.
	unwritten int
	// idle is closed when the last answer is written, while the end of the
	// input waits for it.
	idle chan struct{}
}

func newPendingCalls() *pendingCalls {
	return &pendingCalls{ids: map[jsonrpc.ID]bool{}}
}

// start records the calls of a line, all or none: none when one of their
// ids is already pending, which it returns.
func (p *pendingCalls) start(ids []jsonrpc.ID) (jsonrpc.ID, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range ids {
		if p.ids[id] {
			return id, false
		}
	}
	for _, id := range ids {
		p.ids[id] = true
	}
	p.unwritten += len(ids)
	return jsonrpc.ID{}, true
}

// answering frees the id of a call whose answer is about to be written,
// and says whether it was pending; written, with that, follows the write.
func (p *pendingCalls) answering(id jsonrpc.ID) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.ids[id] {
		return false
	}
	delete(p.ids, id)
	return true
}

// written records that the answer to a pending call is written.
func (p *pendingCalls) written() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.unwritten--
	if p.unwritten == 0 && p.idle != nil {
		close(p.idle)
		p.idle = nil
	}
}

// wait waits until every call's answer is written, stop is closed, ctx is
// done or the timeout passes.
func (p *pendingCalls) wait(ctx context.Context, stop <-chan struct{}, timeout time.Duration) {
	p.mu.Lock()
	if p.unwritten == 0 {
		p.mu.Unlock()
		return
	}
	idle := make(chan struct{})
	p.idle = idle
	p.mu.Unlock()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-idle:
	case <-stop:
	case <-ctx.Done():
	case <-timer.C:
	}
}

// drainTransport answers every request read before the input ended. The
// SDK (v1.8.0) takes the end of its input as the end of the session and
// drops the answers still being computed (modelcontextprotocol/go-sdk#1061),
// so a client that writes its requests and closes its end at once, as
// `printf ... | orgadvisor mcp` does, would get no answers at all. Closing
// standard input means "no more requests", not "no more answers".
//
// The wrapper hides the SDK's unexported session hook from its stdio
// connection, which uses it only to refuse JSON-RPC batches once a protocol
// version without them is agreed (and refuses them by ending the session):
// with the wrapper, batches are answered whatever the version.
type drainTransport struct {
	mcp.Transport
	calls   *pendingCalls
	timeout time.Duration
}

func (t drainTransport) Connect(ctx context.Context) (mcp.Connection, error) {
	conn, err := t.Transport.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &drainConn{Connection: conn, calls: t.calls, timeout: t.timeout, closed: make(chan struct{})}, nil
}

// drainConn ends the calls it answers; when the input ends, Read waits for
// the answers to the calls still pending before it reports the end.
type drainConn struct {
	mcp.Connection
	calls   *pendingCalls
	timeout time.Duration

	closeOnce sync.Once
	closed    chan struct{}
}

func (c *drainConn) Read(ctx context.Context) (jsonrpc.Message, error) {
	msg, err := c.Connection.Read(ctx)
	if err != nil {
		c.calls.wait(ctx, c.closed, c.timeout)
		return nil, err
	}
	return msg, nil
}

func (c *drainConn) Write(ctx context.Context, msg jsonrpc.Message) error {
	resp, ok := msg.(*jsonrpc.Response)
	if !ok {
		return c.Connection.Write(ctx, msg)
	}
	pending := c.calls.answering(resp.ID)
	err := c.Connection.Write(ctx, inPeoplesWords(resp))
	if pending {
		c.calls.written()
	}
	return err
}

func (c *drainConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Connection.Close()
}

// beforeInitialize is the SDK's error for a call before initialize, which
// it answers with code 0.
var beforeInitialize = regexp.MustCompile(`^method ("(?:[^"\\]|\\.)*") is invalid during session initialization$`)

// inPeoplesWords gives the SDK's errors that are in Go's words, and with
// no JSON-RPC code, a code and people's words. The SDK decides that a call
// came before initialize; this filter only rewords its answer.
func inPeoplesWords(resp *jsonrpc.Response) *jsonrpc.Response {
	if resp.Error == nil {
		return resp
	}
	if m := beforeInitialize.FindStringSubmatch(resp.Error.Error()); m != nil {
		out := *resp
		out.Error = &jsonrpc.Error{Code: codeInvalidRequest, Message: fmt.Sprintf("%s came before initialize: a session starts with initialize, then the notification notifications/initialized", m[1])}
		return &out
	}
	return resp
}
