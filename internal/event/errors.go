package event

import (
	"fmt"

	"healthgrid/internal/apperr"
)

// statusLabel and actionLabel name statuses and actions the way a 卫健委
// officer reads them, for the reasons a refused action gives.
var statusLabel = map[string]string{
	Reported: "待受理", Registered: "已立案", NotAccepted: "不予受理", Merged: "已合并", Dispatched: "处置中",
	SelfHandling: "网格自处置", PendingVerify: "待核查", Closed: "已结案", Evaluated: "已评价", Suspended: "缓办中",
	TaskSummoned: "待报到", TaskAccepted: "已签收", TaskReturned: "已回退", TaskHandled: "已处置",
}

var actionLabel = map[Action]string{
	ActRegister: "立案", ActReject: "不予受理", ActMerge: "合并", ActDispatch: "派遣", ActSelfHandle: "网格自处置",
	ActWhistle: "吹哨", ActReportIn: "报到", ActAccept: "签收", ActReturn: "回退", ActHandle: "处置反馈",
	ActExtend: "申请延期", ActApproveExtension: "批准延期", ActDenyExtension: "驳回延期", ActVerify: "核查结案",
	ActReopen: "返工", ActEvaluate: "评价", ActSuspend: "缓办", ActResume: "恢复办理", ActSupervise: "督办", ActEscalate: "上报上级",
}

func unknownAction(a Action) error {
	return apperr.Field("body.action", "未知的操作 / unknown action "+string(a))
}

func notNow(action Action, status string) error {
	return fmt.Errorf("事件状态为「%s」,不能%s / %s is not allowed while the event is %s: %w",
		statusLabel[status], actionLabel[action], action, status, apperr.ErrConflict)
}

func notYours(action Action) error {
	return fmt.Errorf("您无权对此事件%s / you may not %s this event: %w", actionLabel[action], action, apperr.ErrForbidden)
}

func taskNotNow(action Action, t *Task) error {
	status, label := t.Status, statusLabel[t.Status]
	switch {
	case t.Status == TaskDispatched:
		label = "待签收"
	case t.ExtensionDeadline != nil:
		status, label = "awaiting an extension decision", "延期待审批"
	case action == "approve_extension" || action == "deny_extension":
		status, label = "without an extension request", label+"(无延期申请)"
	}
	return fmt.Errorf("任务状态为「%s」,不能%s / %s is not allowed on a task that is %s: %w",
		label, actionLabel[action], action, status, apperr.ErrConflict)
}

func required(field, what string) error {
	return apperr.Field("body."+field, what+"不能为空 / "+field+" is required")
}
