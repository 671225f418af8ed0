window.YTD.account.part0 = [
  {
    "account": {
      "email": "owner@example.org",
      "createdVia": "web",
      "username": "milahu104",
      "accountId": "1964312974236991488",
      "createdAt": "2025-09-06T12:00:00.000Z",
      "accountDisplayName": "Milan Hauth"
    }
  }
]