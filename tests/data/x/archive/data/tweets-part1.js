window.YTD.tweets.part1 = [
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029544615880122840"
          ],
          "editableUntil": "2026-03-05T14:08:38.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Petr Bystron",
            "screen_name": "PetrBystronAfD",
            "indices": [
              "0",
              "15"
            ],
            "id_str": "810957560723505152",
            "id": "810957560723505152"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "154"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029198352114479522",
      "id_str": "2029544615880122840",
      "in_reply_to_user_id": "810957560723505152",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029544615880122840",
      "in_reply_to_status_id": "2029198352114479522",
      "created_at": "Thu Mar 05 13:08:38 +0000 2026",
      "favorited": false,
      "full_text": "@PetrBystronAfD &gt; Hausdurchsuchungen wegen „rechter“ Meinungsdelikte\n\nmehr transparenz bitte. warum genau die HDs?\n\nmilahu/darknet-git-hosting-services",
      "lang": "de",
      "in_reply_to_screen_name": "PetrBystronAfD",
      "in_reply_to_user_id_str": "810957560723505152"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029543793607762413"
          ],
          "editableUntil": "2026-03-05T14:05:22.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Emanuel Boeminghaus",
            "screen_name": "E_Boeminghaus",
            "indices": [
              "0",
              "14"
            ],
            "id_str": "3824124982",
            "id": "3824124982"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "122"
      ],
      "favorite_count": "9",
      "in_reply_to_status_id_str": "2029538907755344245",
      "id_str": "2029543793607762413",
      "in_reply_to_user_id": "3824124982",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029543793607762413",
      "in_reply_to_status_id": "2029538907755344245",
      "created_at": "Thu Mar 05 13:05:22 +0000 2026",
      "favorited": false,
      "full_text": "@E_Boeminghaus &gt; Extremfall von nur noch 0,90 Dollar je Euro\n\nlangfristig (wochen oder jahre?) geht der euro gegen null",
      "lang": "de",
      "in_reply_to_screen_name": "E_Boeminghaus",
      "in_reply_to_user_id_str": "3824124982"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029542930487116084"
          ],
          "editableUntil": "2026-03-05T14:01:56.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Andreas Fichtner ☢️ 🇺🇦🗽🐿️",
            "screen_name": "andreasnukechem",
            "indices": [
              "0",
              "16"
            ],
            "id_str": "1177565367151079426",
            "id": "1177565367151079426"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "112"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029541734791749909",
      "id_str": "2029542930487116084",
      "in_reply_to_user_id": "1177565367151079426",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029542930487116084",
      "in_reply_to_status_id": "2029541734791749909",
      "created_at": "Thu Mar 05 13:01:56 +0000 2026",
      "favorited": false,
      "full_text": "@andreasnukechem mein buch drucken und verschenken, aber die meisten leute (99%) sind zu blöd für mein buch 0__o",
      "lang": "de",
      "in_reply_to_screen_name": "andreasnukechem",
      "in_reply_to_user_id_str": "1177565367151079426"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029542712525897999"
          ],
          "editableUntil": "2026-03-05T14:01:04.403Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Milan Hauth",
            "screen_name": "milahu104",
            "indices": [
              "3",
              "13"
            ],
            "id_str": "1964312974236991488",
            "id": "1964312974236991488"
          },
          {
            "name": "Dietmar Schulz",
            "screen_name": "Blauenversteher",
            "indices": [
              "15",
              "31"
            ],
            "id_str": "1844064297149685760",
            "id": "1844064297149685760"
          },
          {
            "name": "Mathias Priebe",
            "screen_name": "MathiasPriebe",
            "indices": [
              "32",
              "46"
            ],
            "id_str": "62458253",
            "id": "62458253"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "140"
      ],
      "favorite_count": "0",
      "id_str": "2029542712525897999",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029542712525897999",
      "created_at": "Thu Mar 05 13:01:04 +0000 2026",
      "favorited": false,
      "full_text": "RT @milahu104: @Blauenversteher @MathiasPriebe flammarion 2026\n\n\"oi mate? do you have a loicense to think outside the box?\" https://t.co/NC…",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029542693773160652"
          ],
          "editableUntil": "2026-03-05T14:00:59.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "user_mentions": [
          {
            "name": "Dietmar Schulz",
            "screen_name": "Blauenversteher",
            "indices": [
              "0",
              "16"
            ],
            "id_str": "1844064297149685760",
            "id": "1844064297149685760"
          },
          {
            "name": "Mathias Priebe",
            "screen_name": "MathiasPriebe",
            "indices": [
              "17",
              "31"
            ],
            "id_str": "62458253",
            "id": "62458253"
          }
        ],
        "urls": [],
        "symbols": [],
        "media": [
          {
            "expanded_url": "https://x.com/milahu104/status/2029542693773160652/photo/1",
            "indices": [
              "109",
              "132"
            ],
            "url": "https://t.co/NC0HSFCPpq",
            "media_url": "http://pbs.twimg.com/media/HCpiLvtWkAEEfkw.jpg",
            "id_str": "2029542536008601601",
            "id": "2029542536008601601",
            "media_url_https": "https://pbs.twimg.com/media/HCpiLvtWkAEEfkw.jpg",
            "sizes": {
              "large": {
                "w": "1536",
                "h": "1024",
                "resize": "fit"
              },
              "medium": {
                "w": "1200",
                "h": "800",
                "resize": "fit"
              },
              "thumb": {
                "w": "150",
                "h": "150",
                "resize": "crop"
              },
              "small": {
                "w": "680",
                "h": "453",
                "resize": "fit"
              }
            },
            "type": "photo",
            "display_url": "pic.x.com/NC0HSFCPpq"
          }
        ],
        "hashtags": []
      },
      "display_text_range": [
        "0",
        "132"
      ],
      "favorite_count": "3",
      "in_reply_to_status_id_str": "2029535983331344892",
      "id_str": "2029542693773160652",
      "in_reply_to_user_id": "1844064297149685760",
      "truncated": false,
      "retweet_count": "1",
      "id": "2029542693773160652",
      "in_reply_to_status_id": "2029535983331344892",
      "possibly_sensitive": false,
      "created_at": "Thu Mar 05 13:00:59 +0000 2026",
      "favorited": false,
      "full_text": "@Blauenversteher @MathiasPriebe flammarion 2026\n\n\"oi mate? do you have a loicense to think outside the box?\" https://t.co/NC0HSFCPpq",
      "lang": "en",
      "in_reply_to_screen_name": "Blauenversteher",
      "in_reply_to_user_id_str": "1844064297149685760",
      "extended_entities": {
        "media": [
          {
            "expanded_url": "https://x.com/milahu104/status/2029542693773160652/photo/1",
            "indices": [
              "109",
              "132"
            ],
            "url": "https://t.co/NC0HSFCPpq",
            "media_url": "http://pbs.twimg.com/media/HCpiLvtWkAEEfkw.jpg",
            "id_str": "2029542536008601601",
            "id": "2029542536008601601",
            "media_url_https": "https://pbs.twimg.com/media/HCpiLvtWkAEEfkw.jpg",
            "sizes": {
              "large": {
                "w": "1536",
                "h": "1024",
                "resize": "fit"
              },
              "medium": {
                "w": "1200",
                "h": "800",
                "resize": "fit"
              },
              "thumb": {
                "w": "150",
                "h": "150",
                "resize": "crop"
              },
              "small": {
                "w": "680",
                "h": "453",
                "resize": "fit"
              }
            },
            "type": "photo",
            "display_url": "pic.x.com/NC0HSFCPpq"
          }
        ]
      }
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029540429805359360"
          ],
          "editableUntil": "2026-03-05T13:52:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Mathias Priebe",
            "screen_name": "MathiasPriebe",
            "indices": [
              "0",
              "14"
            ],
            "id_str": "62458253",
            "id": "62458253"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "94"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029455512358559980",
      "id_str": "2029540429805359360",
      "in_reply_to_user_id": "62458253",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029540429805359360",
      "in_reply_to_status_id": "2029455512358559980",
      "created_at": "Thu Mar 05 12:52:00 +0000 2026",
      "favorited": false,
      "full_text": "@MathiasPriebe &gt; der arme Mann\n\nder ist komplett austauschbar, alle politiker sind scheisse",
      "lang": "de",
      "in_reply_to_screen_name": "MathiasPriebe",
      "in_reply_to_user_id_str": "62458253"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029540138414452986"
          ],
          "editableUntil": "2026-03-05T13:50:50.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "DieStahlfeder",
            "screen_name": "DStahlfeder",
            "indices": [
              "0",
              "12"
            ],
            "id_str": "1151033135657869312",
            "id": "1151033135657869312"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "72"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029390937466527768",
      "id_str": "2029540138414452986",
      "in_reply_to_user_id": "1151033135657869312",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029540138414452986",
      "in_reply_to_status_id": "2029390937466527768",
      "created_at": "Thu Mar 05 12:50:50 +0000 2026",
      "favorited": false,
      "full_text": "@DStahlfeder wir haben keine demokratie. es gibt keine politische lösung",
      "lang": "de",
      "in_reply_to_screen_name": "DStahlfeder",
      "in_reply_to_user_id_str": "1151033135657869312"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029539255807090794"
          ],
          "editableUntil": "2026-03-05T13:47:20.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Andreas Fichtner ☢️ 🇺🇦🗽🐿️",
            "screen_name": "andreasnukechem",
            "indices": [
              "0",
              "16"
            ],
            "id_str": "1177565367151079426",
            "id": "1177565367151079426"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "180"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "1967847490142777578",
      "id_str": "2029539255807090794",
      "in_reply_to_user_id": "1177565367151079426",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029539255807090794",
      "in_reply_to_status_id": "1967847490142777578",
      "created_at": "Thu Mar 05 12:47:20 +0000 2026",
      "favorited": false,
      "full_text": "@andreasnukechem &gt; Verzögerung der Sprengung der Kühltürme in Grafenrheinfeld um anderthalb Stunden\n\nhaha, wie verzweifelt muss man sein dass man sowas als \"aktivismus\" verkauft",
      "lang": "de",
      "in_reply_to_screen_name": "andreasnukechem",
      "in_reply_to_user_id_str": "1177565367151079426"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029538518351978889"
          ],
          "editableUntil": "2026-03-05T13:44:24.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "OberesProzent",
            "screen_name": "OberesProzent",
            "indices": [
              "0",
              "14"
            ],
            "id_str": "1492551221672042501",
            "id": "1492551221672042501"
          },
          {
            "name": "Frauke Petry",
            "screen_name": "FraukePetry",
            "indices": [
              "15",
              "27"
            ],
            "id_str": "1273010575",
            "id": "1273010575"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "262"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029520384945455462",
      "id_str": "2029538518351978889",
      "in_reply_to_user_id": "1492551221672042501",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029538518351978889",
      "in_reply_to_status_id": "2029520384945455462",
      "created_at": "Thu Mar 05 12:44:24 +0000 2026",
      "favorited": false,
      "full_text": "@OberesProzent @FraukePetry okay opa, aber ist erderwärmung nicht einfach nur ein proxy für die globale übervölkerung?\nich habe ausgerechnet, 95% aller menschen müssen sterben, dann können die übrigen 5% im paradies auf erden leben. oder hab ich mich verrechnet?",
      "lang": "de",
      "in_reply_to_screen_name": "OberesProzent",
      "in_reply_to_user_id_str": "1492551221672042501"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "2029537538956759375"
          ],
          "editableUntil": "2026-03-05T13:40:30.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "marc friedrich",
            "screen_name": "marcfriedrich",
            "indices": [
              "0",
              "14"
            ],
            "id_str": "1027290944524247045",
            "id": "1027290944524247045"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "165"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "2029474529362264476",
      "id_str": "2029537538956759375",
      "in_reply_to_user_id": "1027290944524247045",
      "truncated": false,
      "retweet_count": "0",
      "id": "2029537538956759375",
      "in_reply_to_status_id": "2029474529362264476",
      "created_at": "Thu Mar 05 12:40:30 +0000 2026",
      "favorited": false,
      "full_text": "@marcfriedrich &gt; wollen sie vielleicht mal kurz den treibhauseffekt den kindern erklären?\n\nübersetzung:\nopa, erzählst du uns nochmal die geschichte vom treibhaus?",
      "lang": "de",
      "in_reply_to_screen_name": "marcfriedrich",
      "in_reply_to_user_id_str": "1027290944524247045"
    }
  }
]