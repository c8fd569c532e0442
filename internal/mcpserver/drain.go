package mcpserver

import (
	"context"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// drainTimeout bounds how long the end of the input waits for the answers
// to the requests already read. The tools answer in milliseconds; the bound
// is for a handler that never returns.
const drainTimeout = 10 * time.Second

// drainTransport answers every request read before the input ended. The
// SDK (v1.8.0) takes the end of its input as the end of the session and
// drops the answers still being computed (modelcontextprotocol/go-sdk#1061),
// so a client that writes its requests and closes its end at once, as
// `printf ... | orgadvisor mcp` does, would get no answers at all. Closing
// standard input means "no more requests", not "no more answers".
//
// The wrapper hides the SDK's unexported session hook from its stdio
// connection, which uses it only to refuse JSON-RPC batches once a protocol
// version without them is agreed: with the wrapper, batches are answered
// whatever the version.
type drainTransport struct {
	mcp.Transport
	timeout time.Duration
}

func (t drainTransport) Connect(ctx context.Context) (mcp.Connection, error) {
	conn, err := t.Transport.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &drainConn{Connection: conn, timeout: t.timeout, pending: map[jsonrpc.ID]bool{}, closed: make(chan struct{})}, nil
}

// drainConn tracks the calls read and not yet answered; when the input
// ends, Read waits for their answers before it reports the end.
type drainConn struct {
	mcp.Connection
	timeout time.Duration

	mu      sync.Mutex
	pending map[jsonrpc.ID]bool
	// idle is closed when the last pending call is answered, while a Read
	// waits for it.
	idle chan struct{}

	closeOnce sync.Once
	closed    chan struct{}
}

func (c *drainConn) Read(ctx context.Context) (jsonrpc.Message, error) {
	msg, err := c.Connection.Read(ctx)
	if err != nil {
		c.drain(ctx)
		return nil, err
	}
	if req, ok := msg.(*jsonrpc.Request); ok && req.IsCall() {
		c.mu.Lock()
		c.pending[req.ID] = true
		c.mu.Unlock()
	}
	return msg, nil
}

func (c *drainConn) Write(ctx context.Context, msg jsonrpc.Message) error {
	err := c.Connection.Write(ctx, msg)
	if resp, ok := msg.(*jsonrpc.Response); ok {
		c.mu.Lock()
		delete(c.pending, resp.ID)
		if len(c.pending) == 0 && c.idle != nil {
			close(c.idle)
			c.idle = nil
		}
		c.mu.Unlock()
	}
	return err
}

func (c *drainConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Connection.Close()
}

// drain waits until every call read is answered, the connection is closed,
// ctx is done or the timeout passes.
func (c *drainConn) drain(ctx context.Context) {
	c.mu.Lock()
	if len(c.pending) == 0 {
		c.mu.Unlock()
		return
	}
	idle := make(chan struct{})
	c.idle = idle
	c.mu.Unlock()
	timer := time.NewTimer(c.timeout)
	defer timer.Stop()
	select {
	case <-idle:
	case <-c.closed:
	case <-ctx.Done():
	case <-timer.C:
	}
}
